import type { Random } from '../random'
import { shanghaiToday } from '../calendar'
import { isRealDate } from '../calendar'

/** GB 11643-1999 weights of the first 17 digits and the check character for sum mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** Province-level codes in use (the first two digits of every ID). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
])

export type Gender = 'male' | 'female'

export type IdNumberCheck =
  | { ok: true; gender: Gender; birthDate: string; age: number }
  | { ok: false; reason: string }

/** Working ages the registry accepts: 16 (legal working age) to 75 (rural laborers keep working). */
export const LABORER_AGE = { min: 16, max: 75 } as const

export function checkDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]
  return CHECK[sum % 11]
}



/** Whole years from `birthDate` to `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1
}

/**
 * Validates an 18-character resident ID (GB 11643): digits, a known province, a real
 * birth date not in the future, a working age, and the MOD 11-2 check character
 * (a lower-case x is accepted). Gender is the parity of the 17th digit.
 */
export function parseIdNumber(raw: string, today = shanghaiToday()): IdNumberCheck {
  const id = raw.toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号码应为 18 位（17 位数字加校验位，校验位为数字或 X）' }
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, reason: `身份证号码的省份代码 ${id.slice(0, 2)} 不存在` }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (!isRealDate(birthDate)) return { ok: false, reason: `身份证号码中的出生日期 ${birthDate} 不存在` }
  if (birthDate > today) return { ok: false, reason: `身份证号码中的出生日期 ${birthDate} 晚于今天` }
  const age = ageOn(birthDate, today)
  if (age < LABORER_AGE.min || age > LABORER_AGE.max) {
    return { ok: false, reason: `按身份证号码年龄为 ${age} 岁，不在劳动年龄（${LABORER_AGE.min}–${LABORER_AGE.max} 岁）内` }
  }
  if (checkDigit(id) !== id[17]) return { ok: false, reason: `身份证号码校验位错误（应为 ${checkDigit(id)}）` }
  return { ok: true, gender: (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female', birthDate, age }
}

/** The canonical stored form: upper-case X, so one person cannot register twice by case. */
export function normalizeIdNumber(raw: string): string {
  return raw.toUpperCase()
}

/** A valid ID for a 6-digit area code, birth date and gender; `sequence` 0–499 picks the order code. */
export function makeIdNumber(areaCode: string, birthDate: string, gender: Gender, sequence: number): string {
  const order = (sequence % 500) * 2 + (gender === 'male' ? 1 : 0)
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${String(order).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}

/** A random valid ID of someone born in the county `areaCode`, aged between minAge and maxAge today. */
export function randomIdNumber(
  random: Random,
  areaCode: string,
  options: { gender?: Gender; minAge?: number; maxAge?: number; today?: string } = {},
): string {
  const today = options.today ?? shanghaiToday()
  const age = random.int(options.minAge ?? 18, options.maxAge ?? 55)
  // A day inside the year the person turns `age`: birthday strictly after `today - (age+1)` years.
  const latest = Date.UTC(Number(today.slice(0, 4)) - age, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)))
  const birth = new Date(latest - random.int(0, 364) * 86_400_000).toISOString().slice(0, 10)
  return makeIdNumber(areaCode, birth, options.gender ?? (random.chance(0.5) ? 'male' : 'female'), random.int(0, 499))
}

/** Prefixes of the three carriers that a rural Shanxi phone book is made of. */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183',
  '184', '187', '188', '198', '130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '133', '153',
  '177', '180', '181', '189', '191', '199',
]

export function randomMobilePhone(random: Random): string {
  return `${random.pick(MOBILE_PREFIXES)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`
}
