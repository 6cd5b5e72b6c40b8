import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { areaPrefix, areaRoles, type Caller } from '../auth/caller'
import { ownsEmployer } from '../employers/index'
import { BadRequestError, ConflictError, JobNotFoundError, MatchNotFoundError, RegionNotFoundError, RunNotFoundError, RunStateError } from '../errors'
import { DateString, IdParams, Nullable } from '../http/schemas'
import { getJob, jobInScope } from '../jobs/index'
import { jobTypes } from '../jobs/schema'
import * as laborers from '../laborers/index'
import { employmentStatuses, povertyStatuses, type Laborer } from '../laborers/schema'
import { partnerAreas } from '../network/schema'
import { eligibility, explainScore, postingScorer, type FitResult } from './fit-score'
import {
  compileJobs,
  compileLaborer,
  componentNames,
  fastScore,
  partnerAreasForWishes,
  prepareJob,
  prepareLaborer,
  wishesAdmitting,
  type FitContext,
} from './fit-table'
import { actOnMatch, ensureMatchable, proposeMatch } from './lifecycle'
import { GENERAL_OCCUPATIONS, isGeneralPosting, occupationWords } from './occupations'
import { matchActions, type MatchAction } from './transitions'
import * as q from './queries'
import { laborerNameFor, matchViewFor, type MatchWithNames } from './visibility'
import { executeRun, processAlive, SYNC_LIMIT, type RunRequest } from './runs'
import { matchStatuses, runModes, type MatchingRun } from './schema'
import { placementOfMatch } from '../placements/index'
import type { Placement } from '../placements/schema'
import { ScoringSettings } from './scoring-config'
import { MatchView } from './views'
import { transaction } from '../db/transaction'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const ConfigView = Type.Object({ version: Type.Integer({ description: '0: the built-in default' }), settings: ScoringSettings })

const Component = Type.Object({
  name: Type.String(),
  weight: Type.Integer(),
  value: Type.Number(),
  points: Type.Number(),
  note: Type.String(),
})

const Fit = {
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  priority: Type.Integer({ description: 'poverty priority points (优先吸纳脱贫劳动力)' }),
  components: Type.Array(Component),
  explanation: Type.String({ description: 'Chinese, to read aloud' }),
  scoreVersion: Type.Integer(),
}

const Recommendation = Type.Object({
  jobId: Type.Integer(),
  title: Type.String(),
  employerName: Type.String(),
  occupation: Type.String(),
  place: Type.String(),
  partnerArea: Type.String(),
  wageMin: Type.Integer(),
  wageMax: Type.Integer(),
  wageUnit: Type.String(),
  openingsLeft: Type.Integer(),
  startDate: Type.String(),
  ...Fit,
})

const Candidate = Type.Object({
  laborerId: Type.Integer(),
  name: Type.String(),
  idNumber: Nullable(Type.String({ description: 'masked; null for an employer, who has no use for it before the laborer accepts' })),
  phone: Nullable(Type.String({ description: 'masked; null for an employer' })),
  villageCode: Type.String(),
  village: Type.String(),
  povertyStatus: Type.Enum(povertyStatuses),
  ...Fit,
})

const PlacementView = Type.Object({
  id: Type.Integer(),
  matchId: Type.Integer(),
  laborerId: Type.Integer(),
  jobId: Type.Integer(),
  employerId: Type.Integer(),
  homeCountyCode: Type.String(),
  startDate: Type.String(),
  contractMonths: Type.Integer(),
  organized: Type.Boolean(),
  travel: Type.String(),
  transportStatus: Type.String(),
  destinationStationId: Nullable(Type.Integer()),
})

const ActionResult = Type.Object({
  match: MatchView,
  placement: Nullable(PlacementView),
  withdrawn: Type.Array(Type.Integer(), { description: 'other live matches of the laborer closed by this placement' }),
})

const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })
const PlaceBody = Type.Object(
  {
    startDate: Type.Optional(DateString),
    contractMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    organized: Type.Optional(Type.Boolean({ description: 'organized by the service (有组织输出); default true' })),
    intermediaryId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)

const RunBody = Type.Object(
  {
    mode: Type.Enum(runModes),
    laborers: Type.Object(
      {
        region: Type.Optional(Type.String({ pattern: '^[0-9]{4,12}$', description: 'region code prefix inside the caller’s area' })),
        statuses: Type.Optional(Type.Array(Type.Enum(employmentStatuses), { minItems: 1, uniqueItems: true })),
        poverty: Type.Optional(Type.Array(Type.Enum(povertyStatuses), { minItems: 1, uniqueItems: true })),
      },
      { additionalProperties: false },
    ),
    postings: Type.Object(
      {
        partnerAreas: Type.Optional(Type.Array(Type.Enum(partnerAreas), { minItems: 1, uniqueItems: true })),
        types: Type.Optional(Type.Array(Type.Enum(jobTypes), { minItems: 1, uniqueItems: true })),
        ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20000, uniqueItems: true })),
      },
      { additionalProperties: false },
    ),
    k: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'candidate postings per laborer' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 1, description: 'tie-breaking seed' })),
    reserveShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'stable mode; default from the scoring config' })),
    keepTogether: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'seat laborers of one village with the same destination wishes together (groups of up to 10, all in one county or city, or not at all); the report counts groups kept and split',
      }),
    ),
  },
  { additionalProperties: false },
)

const RunView = Type.Object({
  id: Type.Integer(),
  mode: Type.Enum(runModes),
  status: Type.String(),
  phase: Type.String(),
  progress: Type.Number(),
  scoreVersion: Type.Integer(),
  request: Type.Object({}, { additionalProperties: true }),
  report: Nullable(Type.Object({}, { additionalProperties: true })),
  error: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  committedAt: Nullable(Type.String({ format: 'date-time' })),
})

const RunResult = Type.Object({
  laborerId: Type.Integer(),
  jobId: Nullable(Type.Integer()),
  score: Nullable(Type.Integer()),
  priority: Type.Integer(),
  reason: Nullable(Type.Object({}, { additionalProperties: true })),
})

const LimitQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }) },
  { additionalProperties: false },
)

const PairFit = Type.Object({
  laborerId: Type.Integer(),
  jobId: Type.Integer(),
  eligible: Type.Boolean({
    description:
      'whether recommendations, candidates, fair rounds and runs may pair them: false when a hard constraint of the fit score excludes the pair (docs/matching.md)',
  }),
  excludedBy: Nullable(Type.Enum(componentNames, { description: 'the component whose hard constraint excludes the pair' })),
  reason: Nullable(Type.String({ description: 'why not eligible, in Chinese' })),
  score: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
  priority: Type.Integer({ description: 'poverty priority points (优先吸纳脱贫劳动力), added in runs and candidate ranking' }),
  components: Type.Array(Component),
  explanation: Type.String({ description: 'Chinese, to read aloud' }),
  scoreVersion: Type.Integer(),
})

/** The run modes' rules, for the OpenAPI description of `POST /matching/runs` (docs/matching.md says the same at length). */
const RUN_DESCRIPTION = [
  'Laborers of the chosen area and statuses (default unemployed) and open postings with openings left, each in id order; a posting’s capacity is its openings left.',
  'Only eligible pairs are assigned: the fit score’s hard constraints (trade, certificates, destination wish — a stated wish excludes postings outside it —, a wage comparable with the expectation, availability, public-welfare posts of the laborer’s county) are the same rule as recommendations, candidates and GET /laborers/{id}/fit/{jobId}.',
  'Each laborer has a candidate list: eligible postings, best fit score first, ties by lower posting id, at most k (default 50); a laborer whose trades and wished places count at most k postings is scored against all of them.',
  '**optimal** maximizes the objective Σ over assigned pairs of (score + priority), where score is the pair’s integer fit score (0–100) and priority the points of the laborer’s poverty status in the scoring configuration (GET /matching/config; default 脱贫户 15, 防返贫监测对象 15, 一般农户 0), subject to each laborer on at most one posting of their list and each posting at most its capacity. Exact (min-cost flow by cost scaling). The report’s `objective` is this sum.',
  '**stable** is laborer-proposing deferred acceptance: laborers rank their list by score (ties: lower posting id); postings rank laborers by score alone (ties: the run’s seeded order, a Fisher–Yates shuffle of the laborers by mulberry32(seed)); poverty-alleviated and monitored laborers are reserved: a posting of capacity c reserves min(c, round(c × reserveShare)) seats, rounded half up (reserveShare default 0.3 from the configuration), filled by its best reserved applicants first, the other seats by the best of the rest. No blocking pair (a laborer preferring a posting of their list that would keep them by this rule, or has a seat free); `report.stability` counts those the audit finds.',
  '**keepTogether** seats village groups with the same wishes whole in one place first, then assigns the rest; neither optimality nor stability hold across groups.',
  '`report.explanation` states the rules in Chinese. Details: docs/matching.md.',
].join('\n\n')

const officials = areaRoles
const runners = ['city_admin', 'county_officer'] as const

function placementView(p: Placement) {
  const { createdAt, updatedAt, endDate, intermediaryId, ...rest } = p
  return rest
}

function runView(run: MatchingRun) {
  return {
    id: run.id,
    mode: run.mode,
    status: run.status,
    phase: run.phase,
    progress: run.progress,
    scoreVersion: run.scoreVersion,
    request: run.request,
    report: run.report,
    error: run.error,
    createdAt: iso(run.createdAt)!,
    finishedAt: iso(run.finishedAt),
    committedAt: iso(run.committedAt),
  }
}

function pairFitView(laborerId: number, jobId: number, fit: FitResult) {
  return fit.excluded
    ? { laborerId, jobId, eligible: false, excludedBy: fit.component, reason: fit.reason, score: null, priority: 0, components: [], explanation: fit.explanation, scoreVersion: fit.version }
    : { laborerId, jobId, eligible: true, excludedBy: null, reason: null, score: fit.score, priority: fit.priority, components: fit.components, explanation: fit.explanation, scoreVersion: fit.version }
}

const ORPHAN_SWEEP_MS = 30_000

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const cityCode = app.config.cityCode
  let closing = false
  // A run whose process is gone (a restart, a killed `match-run`) would show `running`
  // forever: failed at start, then looked for every ORPHAN_SWEEP_MS. Logged, never thrown:
  // a full disk must not stop the server starting.
  const sweep = () => {
    try {
      const failed = q.failOrphanedRuns(app.db, processAlive)
      if (failed > 0) app.log.warn({ failed }, 'matching runs interrupted')
    } catch (error) {
      app.log.error({ err: error }, 'could not fail interrupted matching runs')
    }
  }
  const sweeper = setInterval(sweep, ORPHAN_SWEEP_MS).unref()
  app.addHook('onReady', async () => sweep())
  app.addHook('onClose', async () => {
    closing = true
    clearInterval(sweeper)
  })

  const matchView = (viewer: Caller, row: MatchWithNames) => matchViewFor(viewer.role, row, (code) => app.regions.fullName(code))
  const context = (): FitContext => ({ cityCode, config: q.currentConfig(app.db) })

  const laborerInScope = (caller: Caller, id: number): Laborer => laborers.laborerInScope(app.db, caller, cityCode, id)

  /** An employer sees the matches on its postings; area roles the matches of their laborers. */
  const matchInScope = (caller: Caller, id: number): q.MatchRow => {
    const row = q.getMatchRow(app.db, id)
    const visible =
      row && (caller.role === 'employer' ? ownsEmployer(caller, row.employerId) : laborers.laborerVisible(caller, cityCode, row))
    if (!visible) throw new MatchNotFoundError(id)
    return row
  }

  app.get(
    '/matching/config',
    {
      config: { access: [...officials, 'fair_organizer'] },
      schema: { tags: ['matching'], summary: 'Fit-score weights and poverty priority in force', response: { 200: ConfigView } },
    },
    async () => q.currentConfig(app.db),
  )

  app.put(
    '/matching/config',
    {
      config: { access: ['city_admin'] },
      schema: {
        tags: ['matching'],
        summary: 'Save a new version of the fit-score settings (later scores and runs use it)',
        body: Type.Object({ ...ScoringSettings.properties, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: ConfigView },
      },
    },
    async (request) => {
      const { note, ...settings } = request.body
      if (Object.values(settings.weights).every((w) => w === 0)) throw new BadRequestError('body.weights 不能全为 0')
      return q.saveConfig(app.db, settings, note ?? '', request.caller.tokenId)
    },
  )

  app.get(
    '/laborers/:id/recommendations',
    {
      config: { access: officials },
      schema: {
        tags: ['matching'],
        summary: 'Postings for a laborer, best fit first, each with its score explained',
        params: IdParams,
        querystring: LimitQuery,
        response: { 200: Type.Object({ scoreVersion: Type.Integer(), items: Type.Array(Recommendation) }) },
      },
    },
    async (request) => {
      const laborer = laborerInScope(request.caller, request.params.id)
      const ctx = context()
      const laborerFit = prepareLaborer(laborer)
      // The search narrows by the places the laborer's wishes can admit (a superset); the fit score decides.
      const areas = partnerAreasForWishes(laborer.destinationWishes)
      const filters = areas ? { partnerAreas: areas } : {}
      // One filtered search per trade the laborer has, and one for postings anyone may take.
      // Sixty hits a query is plenty for a top-10 list and keeps hydration cheap.
      const queries = [...laborerFit.trades.keys()].slice(0, 4)
      queries.push([...GENERAL_OCCUPATIONS].join(' '))
      const responses = await Promise.all(
        queries.map((text) => app.jobSearch.search({ q: text, filters, limit: 60, facets: false, sort: 'relevance' })),
      )
      const hits = new Map(responses.flatMap((r) => r.hits).map((h) => [h.id, h]))
      // Rank on bare scores; build the read-aloud explanations only for the postings shown.
      const jobs = q.getJobsByIds(app.db, [...hits.keys()])
      const table = compileJobs(jobs.map(prepareJob), ctx)
      const row = compileLaborer(laborerFit, table)
      const ranked: { j: number; score: number }[] = []
      jobs.forEach((_, j) => {
        const score = fastScore(table, row, j)
        if (score >= 0) ranked.push({ j, score })
      })
      ranked.sort((a, b) => b.score - a.score || jobs[a.j].id - jobs[b.j].id)
      const scored = ranked.slice(0, request.query.limit).flatMap(({ j }) => {
        const fit = explainScore(table, row, j)
        if (fit.excluded) return []
        const job = jobs[j]
        const hit = hits.get(job.id)!
        return {
          jobId: job.id,
          title: job.title,
          employerName: hit.employerName,
          occupation: job.occupation,
          place: hit.place,
          partnerArea: job.partnerArea,
          wageMin: job.wageMin,
          wageMax: job.wageMax,
          wageUnit: job.wageUnit,
          openingsLeft: job.openingsLeft,
          startDate: job.startDate,
          score: fit.score,
          priority: fit.priority,
          components: fit.components,
          explanation: fit.explanation,
          scoreVersion: fit.version,
        }
      })
      return { scoreVersion: ctx.config.version, items: scored }
    },
  )

  app.get(
    '/jobs/:id/candidates',
    {
      config: { access: [...officials, 'employer'] },
      schema: {
        tags: ['matching'],
        summary: 'Unemployed laborers in the caller’s area who fit a posting (masked), priority laborers first on equal fit',
        params: IdParams,
        querystring: LimitQuery,
        response: { 200: Type.Object({ scoreVersion: Type.Integer(), items: Type.Array(Candidate) }) },
      },
    },
    async (request) => {
      const { caller } = request
      const job = jobInScope(app.db, caller, request.params.id)
      const ctx = context()
      let prefix = areaPrefix(caller, cityCode) ?? cityCode
      // Public-welfare posts are filled inside their county (以县统筹).
      if (job.type === 'public_welfare' && job.countyCode) {
        if (job.countyCode.startsWith(prefix)) prefix = job.countyCode
        else if (!prefix.startsWith(job.countyCode)) return { scoreVersion: ctx.config.version, items: [] }
      }
      const prepared = prepareJob(job)
      const general = isGeneralPosting(prepared.trade, job.type)
      // SQL narrows by trade words and the wishes that admit the posting's place; the fit score decides.
      const words = general ? null : [...new Set([job.occupation, ...job.skillTags].flatMap(occupationWords))]
      const wishes = wishesAdmitting(job, cityCode)
      const score = postingScorer(job, ctx)
      // Data minimisation: an employer choosing whom to invite needs fit, not ID or phone digits.
      const officialView = caller.role !== 'employer'
      const items = []
      for (const laborer of q.candidateLaborers(app.db, { prefix, words, wishes, limit: 5000 })) {
        const fit = score(laborer)
        if (fit.excluded) continue
        items.push({
          laborerId: laborer.id,
          name: laborerNameFor(caller.role, null, laborer.name),
          idNumber: officialView ? laborer.idMasked : null,
          phone: officialView ? laborer.phoneMasked : null,
          villageCode: laborer.villageCode,
          village: app.regions.fullName(laborer.villageCode),
          povertyStatus: laborer.povertyStatus,
          score: fit.score,
          priority: fit.priority,
          components: fit.components,
          explanation: fit.explanation,
          scoreVersion: fit.version,
        })
      }
      items.sort((a, b) => b.score + b.priority - (a.score + a.priority) || a.laborerId - b.laborerId)
      return { scoreVersion: ctx.config.version, items: items.slice(0, request.query.limit) }
    },
  )

  app.get(
    '/laborers/:id/fit/:jobId',
    {
      config: { access: officials },
      schema: {
        tags: ['matching'],
        summary: 'The fit of one laborer for one posting, explained, and whether the pair is eligible (no side effects)',
        description:
          'The same score and the same eligibility rule as recommendations, candidates, fair rounds and runs (docs/matching.md). ' +
          'The laborer must be inside the caller’s area (else 404, as for recommendations); any posting may be asked about. ' +
          'An excluded pair answers 200 with eligible false, the component that excludes it and the reason.',
        params: Type.Object({ id: IdParams.properties.id, jobId: IdParams.properties.id }),
        response: { 200: PairFit },
      },
    },
    async (request) => {
      const laborer = laborerInScope(request.caller, request.params.id)
      const job = jobInScope(app.db, request.caller, request.params.jobId)
      return pairFitView(laborer.id, job.id, postingScorer(job, context())(laborer))
    },
  )

  app.post(
    '/matches',
    {
      config: { access: officials },
      schema: {
        tags: ['matching'],
        summary: 'Propose a laborer for a posting',
        body: Type.Object(
          { laborerId: Type.Integer({ minimum: 1 }), jobId: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 201: MatchView },
      },
    },
    async (request, reply) => {
      const laborer = laborerInScope(request.caller, request.body.laborerId)
      const job = getJob(app.db, request.body.jobId)
      if (!job) throw new JobNotFoundError(request.body.jobId)
      const match = proposeMatch(app.db, context(), laborer, job, 'manual')
      return reply.status(201).send(matchView(request.caller, q.getMatchRow(app.db, match.id)!))
    },
  )

  app.get(
    '/matches',
    {
      config: { access: [...officials, 'employer'] },
      schema: {
        tags: ['matching'],
        summary: 'Matches inside the caller’s scope (area, or the employer’s postings)',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(matchStatuses)),
            jobId: Type.Optional(Type.Integer({ minimum: 1 })),
            laborerId: Type.Optional(Type.Integer({ minimum: 1 })),
            origin: Type.Optional(Type.String({ maxLength: 40 })),
            after: Type.Optional(Type.Integer({ minimum: 0, description: 'last id seen' })),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(MatchView), nextAfter: Nullable(Type.Integer()) }) },
      },
    },
    async (request) => {
      const { caller } = request
      const rows = q.listMatches(app.db, {
        areaPrefix: caller.role === 'employer' ? undefined : areaPrefix(caller, cityCode)!,
        employerId: caller.role === 'employer' ? Number(caller.scope) : undefined,
        status: request.query.status,
        jobId: request.query.jobId,
        laborerId: request.query.laborerId,
        origin: request.query.origin,
        afterId: request.query.after,
        limit: request.query.limit,
      })
      return {
        items: rows.map((row) => matchView(caller, row)),
        nextAfter: rows.length === request.query.limit ? rows[rows.length - 1].id : null,
      }
    },
  )

  app.get(
    '/matches/:id',
    {
      config: { access: [...officials, 'employer'] },
      schema: {
        tags: ['matching'],
        summary: 'One match, with its placement once placed',
        params: IdParams,
        response: { 200: Type.Object({ match: MatchView, placement: Nullable(PlacementView) }) },
      },
    },
    async (request) => {
      const row = matchInScope(request.caller, request.params.id)
      const placement = placementOfMatch(app.db, row.id)
      return { match: matchView(request.caller, row), placement: placement ? placementView(placement) : null }
    },
  )

  const who: Record<MatchAction, readonly (typeof officials[number] | 'employer')[]> = {
    accept: officials,
    confirm: ['city_admin', 'employer'],
    place: officials,
    decline: [...officials, 'employer'],
    withdraw: officials,
  }
  const summaries: Record<MatchAction, string> = {
    accept: 'The laborer accepts (recorded by an agent); holds one opening',
    confirm: 'The employer confirms; needs an opening left',
    place: 'Place: the laborer starts work; takes the opening and changes employment status',
    decline: 'The laborer or the employer declines, with a reason',
    withdraw: 'The service withdraws the proposal, with a reason',
  }
  for (const action of matchActions) {
    const body = action === 'place' ? PlaceBody : action === 'decline' || action === 'withdraw' ? ReasonBody : undefined
    app.post(
      `/matches/:id/${action}`,
      {
        config: { access: who[action] },
        schema: {
          tags: ['matching'],
          summary: summaries[action],
          params: IdParams,
          ...(body ? { body } : {}),
          response: { 200: ActionResult },
        },
      },
      async (request) => {
        const row = matchInScope(request.caller, request.params.id)
        const options = (request.body ?? {}) as { reason?: string; startDate?: string; contractMonths?: number; organized?: boolean; intermediaryId?: number }
        const result = actOnMatch(app.db, row.id, action, { ...options, tokenId: request.caller.tokenId, cityCode })
        return {
          match: matchView(request.caller, { ...result.match, laborerName: row.laborerName, villageCode: row.villageCode, jobTitle: row.jobTitle }),
          placement: result.placement ? placementView(result.placement) : null,
          withdrawn: result.withdrawn.map((m) => m.id),
        }
      },
    )
  }

  const runInScope = (caller: Caller, id: number): MatchingRun => {
    const run = q.getRun(app.db, id)
    if (!run || !run.areaPrefix.startsWith(areaPrefix(caller, cityCode)!)) throw new RunNotFoundError(id)
    return run
  }

  app.post(
    '/matching/runs',
    {
      config: { access: runners },
      schema: {
        tags: ['matching'],
        summary: 'Assign laborers to postings (optimal or stable); small runs answer at once, large ones in the background',
        description: RUN_DESCRIPTION,
        body: RunBody,
        response: { 201: RunView, 202: RunView },
      },
    },
    async (request, reply) => {
      const own = areaPrefix(request.caller, cityCode)!
      const region = request.body.laborers.region ?? own
      if (!region.startsWith(own)) throw new RegionNotFoundError(region)
      const ctx = context()
      const body = request.body as RunRequest
      const run = q.createRun(app.db, {
        mode: body.mode,
        request: body as unknown as Record<string, unknown>,
        scoreVersion: ctx.config.version,
        areaPrefix: region,
        tokenId: request.caller.tokenId,
      })
      const size = q.runLaborers(app.db, {
        areaPrefix: region,
        statuses: body.laborers.statuses ?? ['unemployed'],
        poverty: body.laborers.poverty,
        limit: SYNC_LIMIT + 1,
      }).length
      const execute = () => executeRun(app.db, { runId: run.id, request: body, areaPrefix: region, context: ctx, cancelled: () => closing })
      if (size <= SYNC_LIMIT) {
        await execute()
        return reply.status(201).send(runView(q.getRun(app.db, run.id)!))
      }
      // Answer first; the run then proceeds in slices between other requests.
      setImmediate(execute)
      return reply.status(202).send(runView(q.getRun(app.db, run.id)!))
    },
  )

  app.get(
    '/matching/runs/:id',
    {
      config: { access: runners },
      schema: { tags: ['matching'], summary: 'A run: progress while running, the report when done', params: IdParams, response: { 200: RunView } },
    },
    async (request) => runView(runInScope(request.caller, request.params.id)),
  )

  app.get(
    '/matching/runs/:id/results',
    {
      config: { access: runners },
      schema: {
        tags: ['matching'],
        summary: 'Assignments with scores, or the unassigned with the reason (no candidate, outranked by whom and by how much, posting full)',
        params: IdParams,
        querystring: Type.Object(
          {
            assigned: Type.Boolean({ default: true }),
            after: Type.Integer({ minimum: 0, default: 0, description: 'last laborer id seen' }),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(RunResult), nextAfter: Nullable(Type.Integer()) }) },
      },
    },
    async (request) => {
      const run = runInScope(request.caller, request.params.id)
      if (run.status !== 'done') throw new RunStateError(`匹配批次 ${run.id} 尚未完成（${run.status}）`)
      const { assigned, after, limit } = request.query
      const items = q.runResults(app.db, run.id, { assigned, afterLaborerId: after, limit })
      return { items, nextAfter: items.length === limit ? items[items.length - 1].laborerId : null }
    },
  )

  app.post(
    '/matching/runs/:id/commit',
    {
      config: { access: runners },
      schema: {
        tags: ['matching'],
        summary: 'Turn a finished run’s assignments into proposed matches (once); those no longer possible are skipped with the reason',
        params: IdParams,
        response: {
          200: Type.Object({
            created: Type.Integer(),
            skipped: Type.Integer(),
            examples: Type.Array(Type.Object({ laborerId: Type.Integer(), jobId: Type.Integer(), reason: Type.String() })),
          }),
        },
      },
    },
    async (request) => {
      const run = runInScope(request.caller, request.params.id)
      if (run.status !== 'done') throw new RunStateError(`匹配批次 ${run.id} 尚未完成（${run.status}）`)
      const ctx = context()
      return transaction(app.db, () => {
        if (!q.markCommitted(app.db, run.id)) throw new RunStateError(`匹配批次 ${run.id} 已经提交过`)
        let created = 0
        const examples: { laborerId: number; jobId: number; reason: string }[] = []
        let skipped = 0
        for (const result of q.assignedResults(app.db, run.id)) {
          const laborer = laborers.getLaborer(app.db, result.laborerId)
          const job = getJob(app.db, result.jobId)
          try {
            if (!laborer || !job) throw new ConflictError('劳动力或岗位已不存在')
            ensureMatchable(app.db, laborer, job)
            // The laborer's wishes or skills may have changed since the run: the one rule decides again.
            const fit = eligibility(laborer, job, ctx)
            if (!fit.eligible) throw new ConflictError(`已不再符合条件：${fit.reason}`)
            q.insertMatch(app.db, { ...result, scoreVersion: run.scoreVersion, origin: `run:${run.id}` })
            created++
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error
            skipped++
            if (examples.length < 20) examples.push({ ...result, reason: error.message })
          }
        }
        return { created, skipped, examples }
      })
    },
  )
}

export default routes
