import type { Pii } from '../pii/cipher'
import { normalizeIdNumber, parseIdNumber, type Gender } from './id-number'
import type { LaborerBody } from './model'
import type { Certificate, DestinationWish, EmploymentStatus, PovertyStatus, Skill } from './schema'
import { isRealDate } from '../calendar'

export interface RowProblem {
  field: string
  reason: string
}

/** What the schema cannot say: a valid ID, a village of this city, a real calendar date. */
export function checkLaborer(
  body: Pick<LaborerBody, 'idNumber' | 'villageCode' | 'availableFrom'>,
  isVillage: (code: string) => boolean,
  today: string,
): { ok: true; gender: Gender; birthDate: string } | ({ ok: false } & RowProblem) {
  const id = parseIdNumber(body.idNumber, today)
  if (!id.ok) return { ok: false, field: 'idNumber', reason: `${body.idNumber.slice(0, 6)}…：${id.reason}` }
  if (!isVillage(body.villageCode)) return { ok: false, field: 'villageCode', reason: `${body.villageCode} 不是本市的村（社区）` }
  if (body.availableFrom && !isRealDate(body.availableFrom)) {
    return { ok: false, field: 'availableFrom', reason: `${body.availableFrom} 不是真实的日期` }
  }
  return { ok: true, gender: id.gender, birthDate: id.birthDate }
}

/** A row as stored: PII sealed, hashed and masked. */
export interface SealedLaborer {
  name: string
  idHash: string
  idCipher: string
  idMasked: string
  phoneHash: string
  phoneCipher: string
  phoneMasked: string
  gender: Gender
  birthDate: string
  villageCode: string
  townshipCode: string
  countyCode: string
  povertyStatus: PovertyStatus
  skills: Skill[]
  certificates: Certificate[]
  trainingWishes: string[]
  destinationWishes: DestinationWish[]
  expectedWage: number | null
  availableFrom: string | null
  employmentStatus: EmploymentStatus
}

export function normalizeSkills(skills: LaborerBody['skills']): Skill[] {
  return (skills ?? []).map((s) => ({ occupation: s.occupation.trim(), tags: s.tags ?? [], years: s.years ?? 0 }))
}

export function normalizeCertificates(certificates: LaborerBody['certificates']): Certificate[] {
  return (certificates ?? []).map((c) => ({ name: c.name, tier: c.tier as Certificate['tier'] }))
}

export function sealPhone(pii: Pii, phone: string) {
  return { phoneHash: pii.hash(phone), phoneCipher: pii.encrypt(phone), phoneMasked: pii.maskPhone(phone) }
}

/** Village codes nest: 140921 (county) 140921100 (township) 140921100201 (village). */
export function areaOf(villageCode: string) {
  return { villageCode, townshipCode: villageCode.slice(0, 9), countyCode: villageCode.slice(0, 6) }
}

/**
 * A laborer as stored. `sealed` passes the lookup hash of the ID and the sealed phone when
 * the caller already made them (a spreadsheet row needs them either way): each is made once.
 */
export function sealLaborer(
  pii: Pii,
  body: LaborerBody,
  derived: { gender: Gender; birthDate: string },
  sealed?: { idHash: string } & ReturnType<typeof sealPhone>,
): SealedLaborer {
  const idNumber = normalizeIdNumber(body.idNumber)
  return {
    name: body.name.trim(),
    idHash: sealed?.idHash ?? pii.hash(idNumber),
    idCipher: pii.encrypt(idNumber),
    idMasked: pii.maskIdNumber(idNumber),
    ...(sealed ? { phoneHash: sealed.phoneHash, phoneCipher: sealed.phoneCipher, phoneMasked: sealed.phoneMasked } : sealPhone(pii, body.phone)),
    gender: derived.gender,
    birthDate: derived.birthDate,
    ...areaOf(body.villageCode),
    povertyStatus: body.povertyStatus,
    skills: normalizeSkills(body.skills),
    certificates: normalizeCertificates(body.certificates),
    trainingWishes: body.trainingWishes ?? [],
    destinationWishes: body.destinationWishes ?? [],
    expectedWage: body.expectedWage ?? null,
    availableFrom: body.availableFrom ?? null,
    employmentStatus: body.employmentStatus ?? 'unemployed',
  }
}

/** The insert parameters of one sealed row, then the day its initial status took effect (or null: today). */
export type LaborerParams = [...(string | number | null)[]]

/** A list column's JSON (most rows of an import leave the lists empty). */
const jsonList = (list: readonly unknown[]) => (list.length === 0 ? '[]' : JSON.stringify(list))

export function laborerParams(r: SealedLaborer, statusDate: string | null = null): LaborerParams {
  return [
    r.name, r.idHash, r.idCipher, r.idMasked, r.phoneHash, r.phoneCipher, r.phoneMasked, r.gender, r.birthDate,
    r.villageCode, r.townshipCode, r.countyCode, r.povertyStatus, jsonList(r.skills), jsonList(r.certificates),
    jsonList(r.trainingWishes), jsonList(r.destinationWishes), r.expectedWage, r.availableFrom,
    r.employmentStatus, statusDate,
  ]
}
