import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../auth/schema'
import { generateSecret, hashSecret } from '../auth/tokens'
import { BadRequestError, FairNotFoundError, FairStateError, JobNotFoundError, LaborerNotFoundError, MatchNotFoundError, MatchStateError } from '../errors'
import { DateString, IdParams } from '../http/schemas'
import { getJob } from '../jobs/index'
import { findByIdHash, normalizeIdNumber } from '../laborers/index'
import {
  actOnMatch,
  currentConfig,
  ensureMatchable,
  getMatchRow,
  insertMatch,
  listMatches,
  maskName,
  MatchView,
  matchViewFor,
  type MatchWithNames,
} from '../matching/index'
import { activePlacement } from '../placements/index'
import { protocolCredential } from '../http/socket-hub'
import { FairBoards, FairClose } from './hub'
import * as q from './queries'
import { proposeRound } from './rounds'
import { fairStatuses, type Fair } from './schema'
import { transaction } from '../db/transaction'

const Seq = Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 })
const iso = (ms: number) => new Date(ms).toISOString()

const FairView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  venue: Type.String(),
  date: Type.String(),
  regionCode: Type.String(),
  status: Type.Enum(fairStatuses),
  rounds: Type.Integer(),
  jobIds: Type.Array(Type.Integer()),
  checkedIn: Type.Integer(),
  lastSeq: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

const FairBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: '忻府区2026年春风行动专场招聘会' }),
    venue: Type.String({ minLength: 1, maxLength: 300 }),
    date: DateString,
    regionCode: Type.String({ pattern: '^[0-9]{4}([0-9]{2})?$', description: 'the city, or a county whose laborers may check in' }),
    jobIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 2000, uniqueItems: true })),
  },
  { additionalProperties: false },
)

const FairPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    venue: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    date: Type.Optional(DateString),
    status: Type.Optional(Type.Enum(fairStatuses)),
  },
  { additionalProperties: false, minProperties: 1 },
)

const EventView = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: Type.String({ format: 'date-time' }),
  data: Type.Record(Type.String(), Type.Unknown()),
})

/**
 * Check-in takes the national ID number from the card the person shows at the desk, never
 * a laborer id: check-in makes a laborer's name visible to the organizer (through the
 * fair's matches), so it must not turn any id into a name.
 */
const CheckinBody = Type.Object({ idNumber: Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' }) }, { additionalProperties: false })

const CheckinView = Type.Object({
  laborerId: Type.Integer(),
  name: Type.String({ description: 'family name only (张*), to compare with the card in hand' }),
  village: Type.String(),
  alreadyCheckedIn: Type.Boolean(),
})

const fairActions = ['accept', 'confirm', 'decline', 'withdraw'] as const
type FairAction = (typeof fairActions)[number]

const organizers = ['fair_organizer', 'city_admin'] as const

/** The family name only: boards hang on walls. */
const boardName = maskName

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const boards = new FairBoards(app.db, app.config.sockets, app.config.fairSockets, app.log)
  app.addHook('onClose', async () => boards.close())

  const fairOr404 = (id: number): Fair => {
    const fair = q.getFair(app.db, id)
    if (!fair) throw new FairNotFoundError(id)
    return fair
  }
  const fairView = (fair: Fair) => ({
    id: fair.id,
    name: fair.name,
    venue: fair.venue,
    date: fair.date,
    regionCode: fair.regionCode,
    status: fair.status,
    rounds: fair.rounds,
    jobIds: q.fairJobList(app.db, fair.id).map((j) => j.id),
    checkedIn: q.checkinCount(app.db, fair.id),
    lastSeq: q.lastSeq(app.db, fair.id),
    createdAt: iso(fair.createdAt),
    updatedAt: iso(fair.updatedAt),
  })
  /** Runs a change and its events in one transaction, then tells the boards. */
  const withEvents = <T>(fairId: number, change: (emit: (type: string, data: Record<string, unknown>) => void) => T): T => {
    const result = transaction(app.db, () => change((type, data) => void q.appendEvent(app.db, fairId, type, data)))
    boards.notify([fairId])
    return result
  }
  const matchView = (viewer: Role, row: MatchWithNames) => matchViewFor(viewer, row, (code) => app.regions.fullName(code))
  const checkJobs = (jobIds: number[]) => {
    for (const id of jobIds) if (!getJob(app.db, id)) throw new BadRequestError(`body.jobIds 中的岗位 ${id} 不存在`)
  }

  app.post(
    '/api/v1/fairs',
    {
      config: { access: organizers },
      schema: {
        tags: ['fairs'],
        summary: 'Create a job fair; the read-only board token is shown only in this response',
        body: FairBody,
        response: { 201: Type.Object({ ...FairView.properties, boardToken: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { jobIds = [], ...body } = request.body
      if (!app.regions.isLocal(body.regionCode)) {
        throw new BadRequestError(`body.regionCode ${body.regionCode} 不是 ${app.config.cityCode} 或其下的县`)
      }
      checkJobs(jobIds)
      const boardToken = generateSecret()
      const fair = transaction(app.db, () => {
        const created = q.createFair(app.db, { ...body, organizerTokenId: request.caller.tokenId, boardHash: hashSecret(boardToken) })
        for (const jobId of q.addFairJobs(app.db, created.id, jobIds)) {
          q.appendEvent(app.db, created.id, 'job.added', { jobId, title: getJob(app.db, jobId)!.title })
        }
        return created
      })
      return reply.status(201).send({ ...fairView(fair), boardToken })
    },
  )

  app.get(
    '/api/v1/fairs',
    {
      config: { access: organizers },
      schema: { tags: ['fairs'], summary: 'Job fairs, newest first', response: { 200: Type.Array(FairView) } },
    },
    async () => q.listFairs(app.db).map(fairView),
  )

  app.get(
    '/api/v1/fairs/:id',
    {
      config: { access: organizers },
      schema: { tags: ['fairs'], summary: 'One fair', params: IdParams, response: { 200: FairView } },
    },
    async (request) => fairView(fairOr404(request.params.id)),
  )

  app.patch(
    '/api/v1/fairs/:id',
    {
      config: { access: organizers },
      schema: { tags: ['fairs'], summary: 'Rename, move, open or close a fair', params: IdParams, body: FairPatch, response: { 200: FairView } },
    },
    async (request) => {
      const fair = fairOr404(request.params.id)
      const updated = withEvents(fair.id, (emit) => {
        const next = q.updateFair(app.db, fair.id, request.body)
        emit('fair.updated', { ...request.body })
        return next
      })
      return fairView(updated)
    },
  )

  app.post(
    '/api/v1/fairs/:id/jobs',
    {
      config: { access: organizers },
      schema: {
        tags: ['fairs'],
        summary: 'Postings taking part',
        params: IdParams,
        body: Type.Object({ jobIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 2000, uniqueItems: true }) }, { additionalProperties: false }),
        response: { 200: FairView },
      },
    },
    async (request) => {
      const fair = fairOr404(request.params.id)
      checkJobs(request.body.jobIds)
      withEvents(fair.id, (emit) => {
        for (const jobId of q.addFairJobs(app.db, fair.id, request.body.jobIds)) {
          emit('job.added', { jobId, title: getJob(app.db, jobId)!.title })
        }
      })
      return fairView(fair)
    },
  )

  app.delete(
    '/api/v1/fairs/:id/jobs/:jobId',
    {
      config: { access: organizers },
      schema: {
        tags: ['fairs'],
        summary: 'Take a posting out of the fair',
        params: Type.Object({ id: IdParams.properties.id, jobId: IdParams.properties.id }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const fair = fairOr404(request.params.id)
      withEvents(fair.id, (emit) => {
        if (!q.removeFairJob(app.db, fair.id, request.params.jobId)) throw new JobNotFoundError(`${request.params.jobId}（招聘会 ${fair.id}）`)
        emit('job.removed', { jobId: request.params.jobId })
      })
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/v1/fairs/:id/checkins',
    {
      config: { access: organizers },
      schema: {
        tags: ['fairs'],
        summary: 'Check a laborer in by the national ID number on the card shown (looked up by keyed hash); answers the family name only',
        params: IdParams,
        body: CheckinBody,
        response: { 201: CheckinView, 200: CheckinView },
      },
    },
    async (request, reply) => {
      const fair = fairOr404(request.params.id)
      if (fair.status === 'closed') throw new FairStateError(`招聘会 ${fair.id} 已结束`)
      const laborer = findByIdHash(app.db, app.pii.hash(normalizeIdNumber(request.body.idNumber)))
      // Someone from outside the fair's area is as unknown as someone not registered.
      if (!laborer || !laborer.villageCode.startsWith(fair.regionCode)) throw new LaborerNotFoundError('（按身份证号）')
      const added = withEvents(fair.id, (emit) => {
        const fresh = q.checkIn(app.db, fair.id, laborer.id, request.caller.tokenId)
        if (fresh) emit('checkin', { laborerId: laborer.id, name: boardName(laborer.name), village: app.regions.fullName(laborer.villageCode) })
        return fresh
      })
      const village = app.regions.fullName(laborer.villageCode)
      return reply.status(added ? 201 : 200).send({ laborerId: laborer.id, name: maskName(laborer.name), village, alreadyCheckedIn: !added })
    },
  )

  app.post(
    '/api/v1/fairs/:id/rounds',
    {
      config: { access: organizers },
      schema: {
        tags: ['fairs'],
        summary: 'Run a matching round: propose the best assignment of free checked-in laborers to the fair’s open postings',
        params: IdParams,
        response: { 200: Type.Object({ round: Type.Integer(), proposed: Type.Array(MatchView) }) },
      },
    },
    async (request) => {
      const fair = fairOr404(request.params.id)
      if (fair.status !== 'open') throw new FairStateError(`招聘会 ${fair.id} 当前为 ${fair.status}，请先开始招聘会`)
      const context = { cityCode: app.config.cityCode, config: currentConfig(app.db) }
      const created = withEvents(fair.id, (emit) => {
        const people = q.checkedIn(app.db, fair.id)
        const busy = q.laborersWithLiveMatches(app.db, people.map((p) => p.id))
        const free = people.filter((p) => p.employmentStatus === 'unemployed' && !busy.has(p.id) && !activePlacement(app.db, p.id))
        const postings = q.fairJobList(app.db, fair.id).filter((j) => j.status === 'open')
        const claimed = q.liveMatchCounts(app.db, postings.map((j) => j.id))
        const open = postings
          .map((j) => ({ ...j, openingsLeft: j.openingsLeft - (claimed.get(j.id) ?? 0) }))
          .filter((j) => j.openingsLeft > 0)
        const round = fair.rounds + 1
        q.updateFair(app.db, fair.id, { rounds: round })
        const matches = []
        for (const p of proposeRound(free, open, context, round)) {
          const laborer = free.find((l) => l.id === p.laborerId)!
          const job = open.find((j) => j.id === p.jobId)!
          ensureMatchable(app.db, laborer, postings.find((j) => j.id === p.jobId)!)
          const match = insertMatch(app.db, { ...p, scoreVersion: context.config.version, origin: `fair:${fair.id}` })
          emit('match.proposed', { matchId: match.id, round, laborerId: laborer.id, name: boardName(laborer.name), jobId: job.id, title: job.title, score: p.score })
          matches.push({ ...match, laborerName: laborer.name, villageCode: laborer.villageCode, jobTitle: job.title })
        }
        emit('round', { round, checkedIn: people.length, free: free.length, proposed: matches.length })
        return { round, matches }
      })
      return { round: created.round, proposed: created.matches.map((m) => matchView(request.caller.role, m)) }
    },
  )

  app.get(
    '/api/v1/fairs/:id/poster',
    {
      // What a fair's poster shows anyway: the wall screen, holding only its read-only board
      // key, names the fair from here (nothing about people or postings).
      config: { access: 'public' },
      schema: {
        tags: ['fairs'],
        summary: 'A fair’s name, venue, date and status (public: what its poster says)',
        params: IdParams,
        response: { 200: Type.Object({ name: Type.String(), venue: Type.String(), date: Type.String(), status: Type.Enum(fairStatuses) }) },
      },
    },
    async (request) => {
      const { name, venue, date, status } = fairOr404(request.params.id)
      return { name, venue, date, status }
    },
  )

  app.get(
    '/api/v1/fairs/:id/matches',
    {
      config: { access: [...organizers, 'employer'] },
      schema: {
        tags: ['fairs'],
        summary: 'Proposals made at the fair (an employer sees those for its own postings)',
        params: IdParams,
        response: { 200: Type.Array(MatchView) },
      },
    },
    async (request) => {
      const fair = fairOr404(request.params.id)
      const employerId = request.caller.role === 'employer' ? Number(request.caller.scope) : undefined
      return listMatches(app.db, { origin: `fair:${fair.id}`, employerId, limit: 500 }).map((m) => matchView(request.caller.role, m))
    },
  )

  app.post(
    '/api/v1/fairs/:id/matches/:matchId/:action',
    {
      config: { access: [...organizers, 'employer'] },
      schema: {
        tags: ['fairs'],
        summary: 'Act on a fair proposal: the laborer accepts (organizer), the employer confirms, either declines, the organizer withdraws',
        params: Type.Object({ id: IdParams.properties.id, matchId: IdParams.properties.id, action: Type.Enum(fairActions) }),
        body: Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: MatchView },
      },
    },
    async (request) => {
      const fair = fairOr404(request.params.id)
      const { caller } = request
      const action: FairAction = request.params.action
      const row = getMatchRow(app.db, request.params.matchId)
      const mine = caller.role !== 'employer' || (row && String(row.employerId) === caller.scope)
      if (!row || row.origin !== `fair:${fair.id}` || !mine) throw new MatchNotFoundError(`${request.params.matchId}（招聘会 ${fair.id}）`)
      const allowed = caller.role === 'employer' ? ['confirm', 'decline'] : ['accept', 'confirm', 'decline', 'withdraw']
      if (!allowed.includes(action)) throw new MatchStateError(`角色 ${caller.role} 不能对招聘会推荐执行 ${action}`)
      const result = withEvents(fair.id, (emit) => {
        const done = actOnMatch(app.db, row.id, action, {
          reason: request.body.reason ?? (action === 'decline' || action === 'withdraw' ? `${action}d at the fair` : undefined),
          tokenId: caller.tokenId,
          cityCode: app.config.cityCode,
        })
        emit(`match.${done.match.status}`, { matchId: row.id, laborerId: row.laborerId, jobId: row.jobId, by: caller.role, reason: done.match.reason })
        return done
      })
      return matchView(caller.role, { ...result.match, laborerName: row.laborerName, villageCode: row.villageCode, jobTitle: row.jobTitle })
    },
  )

  app.get(
    '/api/v1/fairs/:id/events',
    {
      config: { access: organizers },
      schema: {
        tags: ['fairs'],
        summary: 'The fair’s event log after `since` (what the socket replays)',
        params: IdParams,
        querystring: Type.Object(
          { since: Type.Optional(Seq), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ lastSeq: Type.Integer(), items: Type.Array(EventView) }) },
      },
    },
    async (request) => {
      const fair = fairOr404(request.params.id)
      const items = q.eventsAfter(app.db, fair.id, request.query.since ?? 0, request.query.limit)
      return {
        lastSeq: q.lastSeq(app.db, fair.id),
        items: items.map((e) => ({ seq: e.seq, type: e.type, at: iso(e.at), data: e.payload })),
      }
    },
  )

  app.get(
    '/ws/fairs/:id',
    {
      websocket: true,
      // The fair's read-only board key (subprotocol `board.<key>`) is not in the token table:
      // the handler admits it, and showing it is never an authentication failure.
      config: { access: organizers, socketKey: true },
      schema: {
        tags: ['fairs'],
        summary:
          'Live fair board: the events after `since` (or, further behind, a snapshot and the last FAIR_BOARD_TAIL events), then new ones ({seq, type, at, data})',
        params: IdParams,
        querystring: Type.Object({
          since: Type.Optional(Seq),
          token: Type.Optional(
            Type.String({
              maxLength: 200,
              description: 'deprecated (redacted from logs): offer the subprotocols `laborlink.v1` and `bearer.<organizer token>` or `board.<board key>`',
            }),
          ),
        }),
      },
    },
    (socket, request) => {
      const fair = q.getFair(app.db, request.params.id)
      const key = protocolCredential(request, 'board') ?? request.query.token
      // The fair's own read-only board key is unknown to the token table, hence 4401 from the hook.
      const board = fair !== undefined && key !== undefined && hashSecret(key) === fair.boardHash
      if (request.wsDenied && !board) return socket.close(request.wsDenied, request.wsDenied === 4401 ? 'unauthorized' : 'forbidden')
      if (!fair) return socket.close(FairClose.notFound, `fair ${request.params.id} not found`)
      socket.on('message', () => socket.send(JSON.stringify({ type: 'error', message: '大屏只读，不接受消息' })))
      boards.watch(fair, socket, request.query.since ?? 0, request.ip)
    },
  )
}

export default routes
