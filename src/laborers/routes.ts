import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { recordAudit } from '../auth/audit'
import { areaPrefix, areaRoles, inArea, type Caller } from '../auth/caller'
import { BadRequestError } from '../errors'
import { Cursor, IdParams, Limit, MobilePhone } from '../http/schemas'
import { shanghaiToday } from '../calendar'
import { normalizeIdNumber } from './id-number'
import { prepareRow } from './import-rows'
import { EmploymentEventView, EmploymentStatus, IdNumber, LaborerBody, LaborerPatch, LaborerView, PovertyStatus } from './model'
import * as q from './queries'
import { laborerInScope } from './scope'
import { areaOf, checkLaborer, laborerParams, normalizeCertificates, normalizeSkills, sealLaborer, sealPhone } from './registry'
import type { EmploymentEvent, Laborer } from './schema'

const ListQuery = Type.Object(
  {
    county: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    township: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
    village: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    povertyStatus: Type.Optional(PovertyStatus),
    employmentStatus: Type.Optional(EmploymentStatus),
    skill: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'occupation, e.g. 瓦工' })),
    wish: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'destination or training wish' })),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

// National ID and phone never travel in a URL (URLs are logged, kept in browser history and
// proxy logs): a look-up by them is a POST with the number in the body.
const LookupBody = Type.Object(
  {
    idNumber: Type.Optional({ ...IdNumber, description: 'find one person by national ID (looked up by keyed hash)' }),
    phone: Type.Optional({ ...MobilePhone, description: 'find people by mobile number (looked up by keyed hash)' }),
  },
  { additionalProperties: false, minProperties: 1 },
)

const LOOKUP_LIMIT = 50

const LaborerPage = Type.Object({ items: Type.Array(LaborerView), nextCursor: Type.Union([Type.String(), Type.Null()]) })

const RevealQuery = Type.Object(
  {
    reveal: Type.Optional(Type.Boolean({ description: 'show the full national ID and phone (audit-logged)' })),
    reason: Type.Optional(Type.String({ minLength: 2, maxLength: 200, description: 'why, for the audit log' })),
  },
  { additionalProperties: false },
)

const ImportResult = Type.Object({
  inserted: Type.Integer(),
  existing: Type.Integer({ description: 'rows whose national ID was already registered (left unchanged)' }),
  badCount: Type.Integer(),
  bad: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), { description: 'first 1,000 bad rows' }),
})

const IMPORT_BATCH = 5000
const MAX_REPORTED_BAD = 1000

const encodeCursor = (id: number) => Buffer.from(`l${id}`).toString('base64url')

function decodeCursor(cursor: string): number {
  const match = /^l([0-9]{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (!match) throw new BadRequestError('querystring.cursor is not a cursor this server issued')
  return Number(match[1])
}

const iso = (ms: number) => new Date(ms).toISOString()

function view(laborer: Laborer, revealed?: { idNumber: string; phone: string }) {
  const { idHash, idCipher, idMasked, phoneHash, phoneCipher, phoneMasked, createdAt, updatedAt, ...rest } = laborer
  return {
    ...rest,
    idNumber: revealed?.idNumber ?? idMasked,
    phone: revealed?.phone ?? phoneMasked,
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
  }
}

function eventView(event: EmploymentEvent) {
  const { id, fromStatus, toStatus, effectiveDate, note, at } = event
  return { id, fromStatus, toStatus, effectiveDate, note, at: iso(at) }
}

/** The real-name registry, each area role inside its own area (out of it: 404). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode
  const isVillage = (code: string) => app.regions.isLocal(code, 'village')

  const load = (caller: Caller, id: number): Laborer => laborerInScope(app.db, caller, city, id)
  const checkVillage = (caller: Caller, villageCode: string) => {
    if (!isVillage(villageCode)) throw new BadRequestError(`body.villageCode ${villageCode} is not a village of ${city}`)
    if (!inArea(caller, city, villageCode)) throw new BadRequestError(`body.villageCode ${villageCode} is outside your area`)
  }

  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  app.post(
    '/laborers',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Register a laborer (gender and birth date come from the national ID)',
        body: LaborerBody,
        response: { 201: LaborerView },
      },
    },
    async (request, reply) => {
      const body = request.body
      const check = checkLaborer(body, () => true, shanghaiToday())
      if (!check.ok) throw new BadRequestError(`body.${check.field} ${check.reason}`)
      checkVillage(request.caller, body.villageCode)
      const laborer = q.insertSealed(app.db, sealLaborer(app.pii, body, check), { tokenId: request.caller.tokenId })
      return reply.status(201).send(view(laborer))
    },
  )

  app.get(
    '/laborers',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Laborers in the caller’s area, filtered, in registration order (keyset cursor)',
        querystring: ListQuery,
        response: { 200: LaborerPage },
      },
    },
    async (request, reply) => {
      const { cursor, limit, ...filters } = request.query
      const rows = q.listLaborers(app.db, {
        ...filters,
        area: areaPrefix(request.caller, city)!,
        afterId: cursor ? decodeCursor(cursor) : undefined,
        limit,
      })
      const page = rows.slice(0, limit)
      const nextCursor = rows.length > limit ? JSON.stringify(encodeCursor(page[page.length - 1].id)) : 'null'
      // The rows come as JSON text from SQLite in LaborerPage's shape; Fastify sends a JSON string as it is.
      const body = `{"items":[${page.map((r) => r.json).join(',')}],"nextCursor":${nextCursor}}`
      return reply.type('application/json; charset=utf-8').send(body as unknown as Static<typeof LaborerPage>)
    },
  )

  app.post(
    '/laborers/lookup',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Find laborers in the caller’s area by national ID and/or mobile number (in the body, never the URL)',
        body: LookupBody,
        response: { 200: Type.Object({ items: Type.Array(LaborerView) }) },
      },
    },
    async (request, reply) => {
      const { idNumber, phone } = request.body
      const rows = q.listLaborers(app.db, {
        idHash: idNumber === undefined ? undefined : app.pii.hash(normalizeIdNumber(idNumber)),
        phoneHash: phone === undefined ? undefined : app.pii.hash(phone),
        area: areaPrefix(request.caller, city)!,
        limit: LOOKUP_LIMIT,
      })
      const body = `{"items":[${rows.slice(0, LOOKUP_LIMIT).map((r) => r.json).join(',')}]}`
      return reply.type('application/json; charset=utf-8').send(body as unknown as { items: [] })
    },
  )

  app.get(
    '/laborers/:id',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'One laborer; `reveal=true&reason=…` shows the national ID and phone and is audit-logged',
        params: IdParams,
        querystring: RevealQuery,
        response: { 200: LaborerView },
      },
    },
    async (request) => {
      const laborer = load(request.caller, request.params.id)
      if (!request.query.reveal) return view(laborer)
      const reason = request.query.reason?.trim()
      if (!reason || reason.length < 2) throw new BadRequestError('querystring.reason is required when reveal=true')
      recordAudit(app.db, request.caller, { action: 'reveal_pii', subjectType: 'laborer', subjectId: laborer.id, reason })
      return view(laborer, { idNumber: app.pii.decrypt(laborer.idCipher), phone: app.pii.decrypt(laborer.phoneCipher) })
    },
  )

  app.get(
    '/laborers/:id/timeline',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Employment status changes of one laborer, in the order they were recorded',
        params: IdParams,
        response: { 200: Type.Array(EmploymentEventView) },
      },
    },
    async (request) => q.timeline(app.db, load(request.caller, request.params.id).id).map(eventView),
  )

  app.patch(
    '/laborers/:id',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Change a laborer; a new employmentStatus is appended to the timeline (statusDate, statusNote)',
        params: IdParams,
        body: LaborerPatch,
        response: { 200: LaborerView },
      },
    },
    async (request) => {
      const { employmentStatus, statusDate, statusNote, phone, villageCode, skills, certificates, ...plain } = request.body
      if ((statusDate !== undefined || statusNote !== undefined) && employmentStatus === undefined) {
        throw new BadRequestError('body.statusDate and body.statusNote go only with body.employmentStatus')
      }
      if (villageCode !== undefined) checkVillage(request.caller, villageCode)
      const laborer = app.sqlite.transaction(() => {
        const current = load(request.caller, request.params.id)
        q.updateLaborer(app.db, current.id, {
          ...plain,
          ...(phone !== undefined ? sealPhone(app.pii, phone) : {}),
          ...(villageCode !== undefined ? areaOf(villageCode) : {}),
          ...(skills !== undefined ? { skills: normalizeSkills(skills) } : {}),
          ...(certificates !== undefined ? { certificates: normalizeCertificates(certificates) } : {}),
        })
        if (employmentStatus !== undefined) {
          q.changeEmploymentStatus(app.db, current.id, employmentStatus, statusDate ?? shanghaiToday(), statusNote ?? '', request.caller.tokenId)
        }
        return q.getLaborer(app.db, current.id)!
      })()
      return view(laborer)
    },
  )

  app.post(
    '/laborers/import',
    {
      config: { access: areaRoles },
      bodyLimit: 16 * 1_048_576,
      schema: {
        tags: ['laborers'],
        summary: 'Bulk register from NDJSON (one laborer per line); bad rows are reported, good rows go in',
        consumes: ['application/x-ndjson'],
        body: Type.String({ description: 'one JSON object per line, fields as in POST /laborers' }),
        response: { 200: ImportResult },
      },
    },
    async (request) => {
      const ctx = { pii: app.pii, isVillage, area: areaPrefix(request.caller, city)!, today: shanghaiToday() }
      const insert = q.bulkInserter(app.sqlite)
      const write = app.sqlite.transaction((rows: Parameters<typeof insert>[0]) => insert(rows))
      const result = { inserted: 0, existing: 0, badCount: 0, bad: [] as { line: number; reason: string }[] }
      const bad = (line: number, reason: string) => {
        result.badCount++
        if (result.bad.length < MAX_REPORTED_BAD) result.bad.push({ line, reason })
      }
      const lines = request.body.split('\n')
      let batch: Parameters<typeof insert>[0][number][] = []
      const flush = () => {
        const { inserted, existing } = write(batch)
        result.inserted += inserted
        result.existing += existing
        batch = []
      }
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i].trim()
        if (text === '') continue
        let value: unknown
        try {
          value = JSON.parse(text)
        } catch {
          bad(i + 1, 'is not valid JSON')
          continue
        }
        const outcome = prepareRow(value, ctx)
        if (!outcome.ok) bad(i + 1, outcome.reason)
        else if (batch.push(laborerParams(outcome.row)) >= IMPORT_BATCH) flush()
      }
      flush()
      return result
    },
  )
}

export default routes
