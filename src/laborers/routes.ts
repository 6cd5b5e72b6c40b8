import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { recordAudit } from '../auth/audit'
import { areaPrefix, areaRoles, inArea, type Caller } from '../auth/caller'
import { BadRequestError } from '../errors'
import { Cursor, IdParams, Limit, MobilePhone } from '../http/schemas'
import { shanghaiToday } from '../calendar'
import { normalizeIdNumber } from './id-number'
import { blockWorker, lineBlocks } from './file-import'
import type { PreparedBlock } from './import-block'
import { loadPiiKey } from '../pii/key'
import { BULK_BODY_LIMITS, MAX_BULK_BODY } from '../http/body-limits'
import { EmploymentEventView, EmploymentStatus, IdNumber, LaborerBody, LaborerPatch, LaborerView, PovertyStatus } from './model'
import * as q from './queries'
import { laborerInScope } from './scope'
import { areaOf, checkLaborer, normalizeCertificates, normalizeSkills, sealLaborer, sealPhone } from './registry'
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

/** Characters of NDJSON per worker block (a few hundred rows: one short transaction each). */
const IMPORT_BLOCK_CHARS = 128 * 1024
const IMPORT_BLOCKS_IN_FLIGHT = 3
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

  const piiKey = loadPiiKey(app.config)
  const villageCodes = app.regions.ofLevel('village').map((v) => v.code)

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
      config: { access: areaRoles, bulkUpload: true },
      bodyLimit: MAX_BULK_BODY,
      schema: {
        tags: ['laborers'],
        summary: 'Bulk register from NDJSON (one laborer per line); bad rows are reported, good rows go in',
        description: `Body limit by role: ${Object.entries(BULK_BODY_LIMITS)
          .filter(([role]) => (areaRoles as readonly string[]).includes(role))
          .map(([role, bytes]) => `${role} ${bytes / 1_048_576} MiB`)
          .join(', ')}.`,
        consumes: ['application/x-ndjson'],
        body: Type.String({ description: 'one JSON object per line, fields as in POST /laborers' }),
        response: { 200: ImportResult },
      },
    },
    async (request) => {
      // Parsing, validation and sealing run on a worker thread, block by block; this thread
      // only cuts the text at newlines and writes each prepared block in its own short
      // transaction, yielding between blocks so other requests are served meanwhile.
      const worker = blockWorker({ piiKey, villageCodes, area: areaPrefix(request.caller, city)!, today: shanghaiToday() })
      const insert = q.bulkInserter(app.sqlite)
      const write = app.sqlite.transaction((rows: Parameters<typeof insert>[0]) => insert(rows))
      const result = { inserted: 0, existing: 0, badCount: 0, bad: [] as { line: number; reason: string }[] }
      try {
        const blocks = lineBlocks(request.body, IMPORT_BLOCK_CHARS)
        let seq = 0
        const inFlight: Promise<PreparedBlock>[] = []
        const sendNext = () => {
          const next = blocks.next()
          if (!next.done) inFlight.push(worker.prepare({ seq: seq++, format: 'jsonl', ...next.value, columns: [], skipThrough: 0 }))
        }
        for (let i = 0; i < IMPORT_BLOCKS_IN_FLIGHT; i++) sendNext()
        while (inFlight.length > 0) {
          const block = await inFlight.shift()!
          sendNext()
          if (block.rows.length > 0) {
            const { inserted, existing } = write(block.rows)
            result.inserted += inserted
            result.existing += existing
          }
          for (const { line, reason } of block.bad) {
            result.badCount++
            if (result.bad.length < MAX_REPORTED_BAD) result.bad.push({ line, reason })
          }
          await new Promise((resolve) => setImmediate(resolve))
        }
      } finally {
        await worker.close()
      }
      return result
    },
  )
}

export default routes
