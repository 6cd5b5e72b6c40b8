import { randomUUID } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { recordAudit } from '../auth/audit'
import { areaPrefix, areaRoles, inArea, type Caller } from '../auth/caller'
import { BadRequestError, ForbiddenError, ImportNotFoundError, OutOfScopeError, PayloadTooLargeError, RegionNotFoundError, UnsupportedMediaTypeError } from '../errors'
import { loadPiiKey } from '../pii/key'
import { XLSX_TYPE, attachment, charsetOf, csvStream, xlsxStream } from '../sheets/index'
import { Cursor, IdParams, Limit, MobilePhone, Nullable } from '../http/schemas'
import { shanghaiToday } from '../calendar'
import { normalizeIdNumber } from './id-number'
import { blockWorker, lineBlocks } from './file-import'
import type { PreparedBlock } from './import-block'
import { BULK_BODY_LIMITS, MAX_BULK_BODY } from '../http/body-limits'
import { EmploymentEventView, EmploymentStatus, IdNumber, LaborerBody, LaborerPatch, LaborerView, PovertyStatus } from './model'
import * as q from './queries'
import { laborerInScope } from './scope'
import { areaOf, checkLaborer, normalizeCertificates, normalizeSkills, sealLaborer, sealPhone } from './registry'
import type { EmploymentEvent, Laborer } from './schema'
import { ROSTER_HEADERS, rosterRow, type PlaceEntry } from './sheet-columns'
import { importLaborerSheetOnThread } from './sheet-import'
import { transaction } from '../db/transaction'
import { changeFieldLabels, changesOf, recordChanges } from './changes'
import { endEmployment, openEmployments, recordEmployment, rehomeEmployments } from '../employments/index'
import { rehomeVisits } from '../visits/index'

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

const LaborerPage = Type.Object({ items: Type.Array(LaborerView), nextCursor: Nullable(Type.String()) })

const RevealQuery = Type.Object(
  {
    reveal: Type.Optional(Type.Boolean({ description: 'show the full national ID and phone (audit-logged)' })),
    reason: Type.Optional(Type.String({ minLength: 2, maxLength: 200, description: 'why, for the audit log' })),
  },
  { additionalProperties: false },
)

const ImportResult = Type.Object({
  inserted: Type.Integer(),
  existing: Type.Integer({ description: 'rows whose national ID was already registered (NDJSON: left unchanged; sheets: updated + unchanged)' }),
  badCount: Type.Integer(),
  bad: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), {
    description: 'first 1,000 bad rows; for a spreadsheet `line` is the row number as Excel shows it and the reason is Chinese',
  }),
  importId: Type.Optional(Nullable(Type.Integer(), { description: 'spreadsheets: the run whose rejects GET /laborers/imports/:id/rejects returns' })),
  format: Type.Optional(Type.Enum(['xlsx', 'csv'])),
  charset: Type.Optional(Type.String()),
  headerRow: Type.Optional(Type.Integer()),
  mapping: Type.Optional(
    Type.Array(
      Type.Object({ column: Type.Integer(), header: Type.String(), field: Nullable(Type.String()), kept: Type.Boolean() }),
      { description: 'each header cell and the registry field read from it (null: not recognised; kept=false: recognised, not stored)' },
    ),
  ),
  rows: Type.Optional(Type.Integer({ description: 'data rows read (blank rows and the 合计 row left out)' })),
  updated: Type.Optional(Type.Integer({ description: 'registered people whose fields the file changed (each change is in their timeline)' })),
  unchanged: Type.Optional(Type.Integer()),
  alreadyImported: Type.Optional(Type.Boolean({ description: 'this very file was imported before in this area: nothing was read' })),
  dryRun: Type.Optional(Type.Boolean()),
})

/** Characters of NDJSON per worker block (a few hundred rows: one short transaction each). */
const IMPORT_BLOCK_CHARS = 64 * 1024
const IMPORT_BLOCKS_IN_FLIGHT = 3
const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Union([Type.Boolean(), Type.Literal('1'), Type.Literal('0')], { description: 'spreadsheets: answer mapping, counts and first errors, write nothing' }),
    ),
  },
  { additionalProperties: false },
)

/** Largest spreadsheet accepted (a 600,000-row roster as .xlsx is about 60 MB). */
const MAX_UPLOAD_BYTES = 256 * 1_048_576

/** Uploaded spreadsheets waiting for their handler, by request. */
const uploads = new WeakMap<FastifyRequest, { file: string; contentType: string }>()

const MAX_REPORTED_BAD = 1000

const encodeCursor = (id: number) => Buffer.from(`l${id}`).toString('base64url')

function decodeCursor(cursor: string): number {
  const match = /^l([0-9]{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (!match) throw new BadRequestError('querystring.cursor 不是本服务器给出的游标')
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
    if (!isVillage(villageCode)) throw new BadRequestError(`body.villageCode ${villageCode} 不是 ${city} 下的村`)
    if (!inArea(caller, city, villageCode)) throw new OutOfScopeError(`body.villageCode ${villageCode}`)
  }

  const piiKey = loadPiiKey(app.config)
  const villageCodes = app.regions.ofLevel('village').map((v) => v.code)

  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  // Any other body (a spreadsheet as .xlsx or CSV) is streamed to a file for the import;
  // what it really is comes from its bytes, not its declared type.
  const uploadDir = join(app.config.dataDir, 'uploads')
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    if (request.routeOptions.url !== '/api/v1/laborers/import' || request.method !== 'POST') {
      throw new UnsupportedMediaTypeError(`不支持的内容类型 ${request.headers['content-type'] ?? ''}`)
    }
    mkdirSync(uploadDir, { recursive: true })
    const file = join(uploadDir, `${randomUUID()}.upload`)
    let size = 0
    const limit = new Transform({
      transform(chunk: Buffer, _e, done) {
        size += chunk.length
        done(size > MAX_UPLOAD_BYTES ? new PayloadTooLargeError(`文件超过 ${MAX_UPLOAD_BYTES / 1_048_576} MB，请拆分后导入`) : null, chunk)
      },
    })
    try {
      await pipeline(payload, limit, createWriteStream(file))
    } catch (error) {
      rmSync(file, { force: true })
      throw error
    }
    uploads.set(request, { file, contentType: String(request.headers['content-type'] ?? '') })
    return ''
  })
  app.addHook('onResponse', async (request) => {
    const upload = uploads.get(request)
    if (upload) rmSync(upload.file, { force: true })
  })

  let places: PlaceEntry[] | undefined
  const placesOfCity = () =>
    (places ??= app.regions.ofLevel('village').map((v) => {
      const township = app.regions.get(v.parentCode!)
      const county = township?.parentCode ? app.regions.get(township.parentCode) : undefined
      return [v.code, v.name, township?.name ?? '', county?.name ?? ''] as PlaceEntry
    }))

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
      if (!reason || reason.length < 2) throw new BadRequestError('querystring.reason 为必填项（reveal=true 时）')
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

  app.get(
    '/laborers/:id/changes',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Every change to a laborer (who, when, field, old → new; phone masked), in the order made',
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              field: Type.String(),
              fieldLabel: Type.String(),
              oldValue: Nullable(Type.String()),
              newValue: Nullable(Type.String()),
              actor: Type.String({ description: 'label of the account that made it ("" for imports)' }),
              via: Type.String({ description: 'edit, poverty_proposal, …' }),
              at: Type.String({ format: 'date-time' }),
            }),
          ),
        },
      },
    },
    async (request) =>
      changesOf(app.db, load(request.caller, request.params.id).id).map((c) => ({
        id: c.id,
        field: c.field,
        fieldLabel: changeFieldLabels[c.field] ?? c.field,
        oldValue: c.oldValue,
        newValue: c.newValue,
        actor: c.actor,
        via: c.via,
        at: iso(c.at),
      })),
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
        throw new BadRequestError('body.statusDate 和 body.statusNote 只能与 body.employmentStatus 一起提交')
      }
      if (villageCode !== undefined) checkVillage(request.caller, villageCode)
      const laborer = transaction(app.sqlite, () => {
        const current = load(request.caller, request.params.id)
        if (plain.povertyStatus !== undefined && plain.povertyStatus !== current.povertyStatus && request.caller.role === 'village_agent') {
          throw new ForbiddenError(`村专员不能直接修改 body.povertyStatus（人口类型），请提交变更申请（POST /laborers/${current.id}/poverty-proposals），由乡镇确认`)
        }
        q.updateLaborer(app.db, current.id, {
          ...plain,
          ...(phone !== undefined ? sealPhone(app.pii, phone) : {}),
          ...(villageCode !== undefined ? areaOf(villageCode) : {}),
          ...(skills !== undefined ? { skills: normalizeSkills(skills) } : {}),
          ...(certificates !== undefined ? { certificates: normalizeCertificates(certificates) } : {}),
        })
        if (villageCode !== undefined) {
          rehomeEmployments(app.db, current.id, areaOf(villageCode))
          rehomeVisits(app.db, current.id, areaOf(villageCode))
        }
        if (employmentStatus !== undefined && employmentStatus !== current.employmentStatus) {
          // A status typed in: the open jobs end and, if employed, a job of that form opens
          // (employment records are what the status follows; POST /laborers/{id}/employments says more).
          const day = statusDate ?? shanghaiToday()
          const tokenId = request.caller.tokenId
          for (const open of openEmployments(app.db, current.id)) {
            endEmployment(app.db, open, { endDate: day < open.startDate ? open.startDate : day, reason: 'other', note: statusNote ?? '', tokenId })
          }
          if (employmentStatus !== 'unemployed') {
            const moved = q.getLaborer(app.db, current.id)!
            recordEmployment(app.db, moved, { form: employmentStatus, startDate: day, source: 'registry', note: statusNote ?? '', tokenId, cityCode: city })
          }
        }
        const after = q.getLaborer(app.db, current.id)!
        recordChanges(app.db, current, after, request.caller)
        return after
      })
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
        summary:
          'Bulk register from a spreadsheet (.xlsx, or CSV in UTF-8/GBK with the platform’s Chinese headers; the raw file as the body) or from NDJSON; bad rows are reported, good rows go in',
        description: `Spreadsheets: registered people (same ID) are updated only in the fields the file carries; \`?dryRun=1\` answers the header mapping, counts and first errors and writes nothing; rejected rows are downloadable from GET /laborers/imports/:id/rejects. Anything but .xlsx/CSV (.xls, .docx, images) is 415. Body limit by role: ${Object.entries(BULK_BODY_LIMITS)
          .filter(([role]) => (areaRoles as readonly string[]).includes(role))
          .map(([role, bytes]) => `${role} ${bytes / 1_048_576} MiB`)
          .join(', ')}.`,
        consumes: ['application/x-ndjson', XLSX_TYPE, 'text/csv'],
        querystring: ImportQuery,
        body: Type.String({ description: 'NDJSON: one JSON object per line, fields as in POST /laborers; or the spreadsheet file' }),
        response: { 200: ImportResult },
      },
    },
    async (request) => {
      const upload = uploads.get(request)
      const dryRun = request.query.dryRun === true || request.query.dryRun === '1'
      if (upload) {
        const area = areaPrefix(request.caller, city)!
        // On a thread of its own (reading, matching, writing), so other requests go on meanwhile.
        const summary = await importLaborerSheetOnThread({
          databaseFile: app.sqlite.name,
          file: upload.file,
          charset: charsetOf(upload.contentType),
          dryRun,
          tokenId: request.caller.tokenId,
          workers: 1,
          // Batches are written at once when complete: the write lock is held about half a
          // second a batch (the server's own writes wait on it), never while rows are prepared.
          batchSize: 10_000,
          holdBatch: true,
          reportBad: dryRun ? 100 : MAX_REPORTED_BAD,
          context: { piiKey, villageCodes: [], area, today: shanghaiToday(), places: placesOfCity() },
        })
        return {
          importId: summary.importId,
          format: summary.format,
          ...(summary.charset ? { charset: summary.charset } : {}),
          headerRow: summary.headerRow,
          mapping: summary.mapping,
          rows: summary.rows,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          existing: summary.updated + summary.unchanged,
          badCount: summary.bad,
          bad: summary.badRows,
          alreadyImported: summary.alreadyImported,
          dryRun: summary.dryRun,
        }
      }
      if (dryRun) throw new BadRequestError('querystring.dryRun 只适用于表格（xlsx / CSV）导入')
      // Parsing, validation, sealing and writing run on a worker thread with its own
      // connection, block by block, each block in its own short transaction; this thread only
      // cuts the text at newlines and adds up the answers, so other requests go on meanwhile.
      const worker = blockWorker({
        piiKey,
        villageCodes,
        area: areaPrefix(request.caller, city)!,
        today: shanghaiToday(),
        databaseFile: app.sqlite.name,
      })
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
          result.inserted += block.inserted ?? 0
          result.existing += block.existing ?? 0
          for (const { line, reason } of block.bad) {
            result.badCount++
            if (result.bad.length < MAX_REPORTED_BAD) result.bad.push({ line, reason })
          }
        }
      } finally {
        await worker.close()
      }
      return result
    },
  )

  app.get(
    '/laborers/roster',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'The roster (花名册) of a county, township or village as .xlsx (or CSV with BOM), in the columns the import reads',
        description:
          'Chinese headers and values. ID numbers and phones are masked unless `reveal=true&reason=…` (audit-logged): a revealed roster imported again changes nothing.',
        querystring: Type.Object(
          {
            area: Type.Optional(Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?$', description: 'county (6), township (9) or village (12) code; default the caller’s area' })),
            format: Type.Optional(Type.Enum(['xlsx', 'csv'])),
            reveal: Type.Optional(Type.Boolean({ description: 'full ID numbers and phones (audit-logged)' })),
            reason: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const own = areaPrefix(request.caller, city)!
      const area = request.query.area ?? own
      if (!area.startsWith(own) || !app.regions.get(area) || !area.startsWith(city)) throw new RegionNotFoundError(area)
      const reveal = Boolean(request.query.reveal)
      if (reveal) {
        const reason = request.query.reason?.trim()
        if (!reason || reason.length < 2) throw new BadRequestError('querystring.reason 为必填项（reveal=true 时）')
        recordAudit(app.db, request.caller, { action: 'reveal_pii', subjectType: 'roster', subjectId: area, reason })
      }
      const names = (code: string) => ({
        county: app.regions.get(code.slice(0, 6))?.name ?? '',
        township: app.regions.get(code.slice(0, 9))?.name ?? '',
        village: app.regions.get(code)?.name ?? '',
      })
      const rows = (function* () {
        let seq = 0
        for (let after = 0; ; ) {
          const page = q.rosterPage(app.db, area, after, 1000)
          if (page.length === 0) return
          for (const l of page) {
            seq++
            const id = reveal ? app.pii.decrypt(l.idCipher) : l.idMasked
            const phone = reveal ? app.pii.decrypt(l.phoneCipher) : l.phoneMasked
            yield rosterRow(seq, l, names(l.villageCode), id, phone)
          }
          after = page[page.length - 1].id
        }
      })()
      const title = `${app.regions.fullName(area)}农村劳动力花名册（${shanghaiToday()} 导出${reveal ? '，含完整身份证号码，请妥善保管' : ''}）`
      const spec = { name: '花名册', title: [title], header: [...ROSTER_HEADERS], rows, widths: [6, 12, 12, 14, 8, 6, 22, 14, 14, 8, 14, 20, 20, 14, 14, 10, 12] }
      const file = `花名册-${app.regions.get(area)?.name ?? area}-${shanghaiToday()}`
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`${file}.csv`)).send(csvStream(spec))
      }
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`${file}.xlsx`)).send(xlsxStream(spec))
    },
  )

  app.get(
    '/laborers/imports/:id/rejects',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'The rows a spreadsheet import rejected, as .xlsx (or CSV): the original cells plus 错误原因, to correct and import again',
        params: IdParams,
        querystring: Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'csv'])) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const run = q.getImport(app.db, request.params.id)
      const area = areaPrefix(request.caller, city)!
      if (!run || !run.area || !run.header || !run.area.startsWith(area)) throw new ImportNotFoundError(request.params.id)
      const header = [...run.header, '错误原因', '原行号']
      const width = run.header.length
      const rows = (function* () {
        for (const r of q.rejectsOf(app.sqlite, app.pii, run.id)) {
          const cells = r.cells.slice(0, width)
          while (cells.length < width) cells.push('')
          yield [...cells, r.reason, r.row]
        }
      })()
      const spec = { name: '未导入的行', header, rows, widths: header.map((h) => (h === '错误原因' ? 50 : /身份证/.test(h) ? 22 : 12)) }
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`未导入的行-${run.id}.csv`)).send(csvStream(spec))
      }
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`未导入的行-${run.id}.xlsx`)).send(xlsxStream(spec))
    },
  )
}

export default routes
