import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { Type } from 'typebox'
import { areaPrefix, areaRoles, inArea, type Caller } from '../auth/caller'
import { shanghaiToday } from '../calendar'
import { OutOfScopeError, rateLimitError, ServicePointNotFoundError } from '../errors'
import { DateString, IdParams, Limit, Nullable } from '../http/schemas'
import { laborerInScope } from '../laborers/index'
import { getServicePoint } from '../network/index'
import * as q from './queries'
import { rankCandidates } from './ranking'
import { publicWelfareCategories, type WelfarePost, type WelfareTerm } from './schema'
import { postVisible, welfarePostInScope } from './scope'
import { closeWelfarePost, endOpenTerm, endReasonNames, fillPost, renewTerm, sweepLapsedTerms } from './terms'
import { requireLocalPlace } from '../regions/index'

/** 公共管理类、公共服务类、社会事业类、设施维护类、社会治理类 */
export const categoryNames: Record<WelfarePost['category'], string> = {
  public_management: '公共管理类',
  public_service: '公共服务类',
  social_undertaking: '社会事业类',
  facility_maintenance: '设施维护类',
  social_governance: '社会治理类',
}
const povertyNames = { poverty_alleviated: '脱贫户', monitored: '防返贫监测对象', ordinary: '一般农户' } as const

const managers = ['city_admin', 'county_officer'] as const
const RegionCode = Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$', description: 'the township (9 digits) or village (12 digits) the post serves' })

const PostBody = Type.Object(
  {
    regionCode: RegionCode,
    category: Type.Enum(publicWelfareCategories, { description: '公共管理类 · 公共服务类 · 社会事业类 · 设施维护类 · 社会治理类' }),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    duties: Type.String({ minLength: 1, maxLength: 2000 }),
    monthlyAllowance: Type.Integer({ minimum: 1, maximum: 20_000, description: '元 per month' }),
    termMonths: Type.Integer({ minimum: 1, maximum: 36, description: 'months of one term (聘期)' }),
  },
  { additionalProperties: false },
)
const TermView = Type.Object({
  id: Type.Integer(),
  laborerId: Type.Integer(),
  holderName: Type.String(),
  startDate: Type.String(),
  endDate: Type.String(),
  endedOn: Nullable(Type.String()),
  endReason: Nullable(Type.String({ description: 'in words: 聘期届满, 续聘, 本人辞职, 解聘, 岗位撤销' })),
  renewalOf: Nullable(Type.Integer()),
})
const Holder = Type.Object({
  termId: Type.Integer(),
  laborerId: Type.Integer(),
  name: Type.String(),
  poverty: Type.String({ description: '脱贫户 / 防返贫监测对象 / 一般农户' }),
  startDate: Type.String(),
  endDate: Type.String(),
})
const PostView = Type.Object({
  id: Type.Integer(),
  countyCode: Type.String(),
  townshipCode: Type.String(),
  regionCode: Type.String(),
  place: Type.String({ description: 'county, township and village names' }),
  category: Type.Enum(publicWelfareCategories),
  categoryName: Type.String(),
  title: Type.String(),
  duties: Type.String(),
  monthlyAllowance: Type.Integer(),
  termMonths: Type.Integer(),
  status: Type.String({ description: '在设 or 已撤销' }),
  holder: Nullable(Holder),
  createdAt: Type.String({ format: 'date-time' }),
})
const PostDetail = Type.Object({ ...PostView.properties, terms: Type.Array(TermView) })
const ListQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{4,12}$', description: 'a region inside your area (default: all of it)' })),
    category: Type.Optional(Type.Enum(publicWelfareCategories)),
    vacant: Type.Optional(Type.Boolean()),
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'the last id of the previous page' })),
    limit: Limit,
  },
  { additionalProperties: false },
)
const CandidateView = Type.Object({
  laborerId: Type.Integer(),
  name: Type.String(),
  villageCode: Type.String(),
  village: Type.String(),
  poverty: Type.String(),
  employmentStatus: Type.String(),
  score: Type.Integer(),
  reasons: Type.Array(Type.String(), { description: 'why this candidate ranks where it does, in Chinese' }),
})
const FillBody = Type.Object(
  { laborerId: IdParams.properties.id, startDate: Type.Optional(DateString) },
  { additionalProperties: false },
)
const RenewBody = Type.Object({ months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36 })) }, { additionalProperties: false })
const EndBody = Type.Object(
  { reason: Type.Enum(['resigned', 'dismissed'] as const, { description: '本人辞职 / 解聘' }), endedOn: Type.Optional(DateString) },
  { additionalProperties: false },
)
const SummaryRow = Type.Object({
  countyCode: Type.String(),
  countyName: Type.String(),
  posts: Type.Integer(),
  filled: Type.Integer(),
  vacant: Type.Integer(),
  heldByPoverty: Type.Integer({ description: 'holders who are 脱贫户 or 防返贫监测对象' }),
  monthlyAllowance: Type.Integer({ description: '元 a month for the posts held now' }),
})
const KioskPost = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  categoryName: Type.String(),
  place: Type.String(),
  duties: Type.String(),
  monthlyAllowance: Type.Integer(),
  termMonths: Type.Integer(),
})

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode
  await app.register(rateLimit, { max: app.config.searchRateLimit, timeWindow: 60_000, errorResponseBuilder: rateLimitError })

  const placeOf = (code: string) =>
    [code.slice(0, 6), code.length >= 9 ? code.slice(0, 9) : null, code.length === 12 ? code : null]
      .filter((c): c is string => c !== null)
      .map((c) => app.regions.get(c)?.name ?? c)
      .join('')
  const termView = (t: WelfareTerm & { holderName: string }) => ({ ...t, endReason: t.endReason ? endReasonNames[t.endReason] : null })
  const postView = (row: q.PostWithHolder) => ({
    ...row.post,
    place: placeOf(row.post.regionCode),
    categoryName: categoryNames[row.post.category],
    status: row.post.status === 'active' ? '在设' : '已撤销',
    holder:
      row.term && row.holderName
        ? {
            termId: row.term.id,
            laborerId: row.term.laborerId,
            name: row.holderName,
            poverty: povertyNames[row.holderPoverty as keyof typeof povertyNames] ?? '',
            startDate: row.term.startDate,
            endDate: row.term.endDate,
          }
        : null,
    createdAt: new Date(row.post.createdAt).toISOString(),
  })
  const detail = (post: WelfarePost) => ({ ...postView(q.postWithHolder(app.db, post.id)!), terms: q.termsOfPost(app.db, post.id).map(termView) })
  const scopeOf = (caller: Caller, area?: string) => {
    const own = areaPrefix(caller, city)!
    if (!area) return own
    if (!area.startsWith(own) && !own.startsWith(area)) throw new OutOfScopeError(`query.area ${area}`)
    return area.length > own.length ? area : own
  }

  app.post(
    '/welfare-posts',
    {
      config: { access: managers },
      schema: { tags: ['local work'], summary: 'Create a public-welfare post (公益性岗位) for a village or township of your county', body: PostBody, response: { 201: PostDetail } },
    },
    async (request, reply) => {
      const body = request.body
      requireLocalPlace(app.regions, city, body.regionCode)
      if (!inArea(request.caller, city, body.regionCode)) throw new OutOfScopeError(`body.regionCode ${body.regionCode}`)
      const post = q.createPost(app.db, { ...body, countyCode: body.regionCode.slice(0, 6), townshipCode: body.regionCode.slice(0, 9) })
      return reply.status(201).send(detail(post))
    },
  )

  app.get(
    '/welfare-posts',
    {
      config: { access: areaRoles },
      schema: { tags: ['local work'], summary: 'Public-welfare posts of your area with their holders', querystring: ListQuery, response: { 200: Type.Array(PostView) } },
    },
    async (request) => {
      sweepLapsedTerms(app.db)
      const prefix = scopeOf(request.caller, request.query.area)
      const rows = q.listPosts(app.db, { prefix, category: request.query.category, vacant: request.query.vacant, afterId: request.query.after, limit: request.query.limit })
      // A village agent's prefix is its village; the township's own posts serve it too.
      const extra = request.caller.role === 'village_agent' && !request.query.area
        ? q.listPosts(app.db, { prefix: prefix.slice(0, 9), category: request.query.category, vacant: request.query.vacant, afterId: request.query.after, limit: request.query.limit }).filter((r) => r.post.regionCode.length === 9)
        : []
      return [...rows, ...extra].filter((r) => postVisible(request.caller, city, r.post)).sort((a, b) => a.post.id - b.post.id).slice(0, request.query.limit).map(postView)
    },
  )

  app.get(
    '/welfare-posts/summary',
    {
      config: { access: areaRoles },
      schema: { tags: ['local work'], summary: 'Per county: posts, filled, vacant, held by poverty laborers', response: { 200: Type.Array(SummaryRow) } },
    },
    async (request) => {
      sweepLapsedTerms(app.db)
      return q.countsByCounty(app.db, areaPrefix(request.caller, city)!).map((r) => ({
        ...r,
        countyName: app.regions.get(r.countyCode)?.name ?? r.countyCode,
        vacant: r.posts - r.filled,
      }))
    },
  )

  app.get(
    '/welfare-posts/:id',
    {
      config: { access: areaRoles },
      schema: { tags: ['local work'], summary: 'A post, its holder and its terms', params: IdParams, response: { 200: PostDetail } },
    },
    async (request) => {
      sweepLapsedTerms(app.db)
      return detail(welfarePostInScope(app.db, request.caller, city, request.params.id))
    },
  )

  app.get(
    '/welfare-posts/:id/candidates',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['local work'],
        summary: 'Laborers of the township ranked for the post: poverty-alleviated and monitored first, with the reasons',
        params: IdParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(CandidateView) },
      },
    },
    async (request) => {
      const post = welfarePostInScope(app.db, request.caller, city, request.params.id)
      const context = { post, today: shanghaiToday() }
      const best = q.topCandidates(app.db, post.townshipCode, areaPrefix(request.caller, city)!, context, request.query.limit)
      const ranked = rankCandidates(best, context, request.query.limit)
      const names = q.laborerNames(app.db, ranked.map((c) => c.laborer.id))
      return ranked.map((c) => ({
        laborerId: c.laborer.id,
        name: names.get(c.laborer.id) ?? '',
        villageCode: c.laborer.villageCode,
        village: app.regions.get(c.laborer.villageCode)?.name ?? c.laborer.villageCode,
        poverty: povertyNames[c.laborer.povertyStatus],
        employmentStatus: c.laborer.employmentStatus,
        score: c.score,
        reasons: c.reasons,
      }))
    },
  )

  app.post(
    '/welfare-posts/:id/fill',
    {
      config: { access: managers },
      schema: { tags: ['local work'], summary: 'Fill the post with a laborer of its township for one term (one post per person at a time)', params: IdParams, body: FillBody, response: { 201: PostDetail } },
    },
    async (request, reply) => {
      sweepLapsedTerms(app.db)
      const post = welfarePostInScope(app.db, request.caller, city, request.params.id)
      const laborer = laborerInScope(app.db, request.caller, city, request.body.laborerId)
      fillPost(app.db, city, post, laborer, request.body.startDate ?? shanghaiToday(), request.caller.tokenId)
      return reply.status(201).send(detail(post))
    },
  )

  app.post(
    '/welfare-posts/:id/renew',
    {
      config: { access: managers },
      schema: { tags: ['local work'], summary: 'Renew the holder for another term from the day after the current one ends', params: IdParams, body: RenewBody, response: { 200: PostDetail } },
    },
    async (request) => {
      sweepLapsedTerms(app.db)
      const post = welfarePostInScope(app.db, request.caller, city, request.params.id)
      renewTerm(app.db, post, request.body.months ?? post.termMonths, request.caller.tokenId)
      return detail(post)
    },
  )

  app.post(
    '/welfare-posts/:id/end',
    {
      config: { access: managers },
      schema: { tags: ['local work'], summary: 'End the current term early (resigned or dismissed)', params: IdParams, body: EndBody, response: { 200: PostDetail } },
    },
    async (request) => {
      sweepLapsedTerms(app.db)
      const post = welfarePostInScope(app.db, request.caller, city, request.params.id)
      endOpenTerm(app.db, post, request.body.endedOn ?? shanghaiToday(), request.body.reason, request.caller.tokenId)
      return detail(post)
    },
  )

  app.post(
    '/welfare-posts/:id/close',
    {
      config: { access: managers },
      schema: { tags: ['local work'], summary: '撤销: close the post (its holder, if any, leaves today)', params: IdParams, response: { 200: PostDetail } },
    },
    async (request) => {
      const post = welfarePostInScope(app.db, request.caller, city, request.params.id)
      return detail(closeWelfarePost(app.db, post, shanghaiToday(), request.caller.tokenId))
    },
  )

  app.get(
    '/kiosk/welfare-posts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['kiosk'],
        summary: 'Vacant public-welfare posts of the township (or county) where the kiosk stands (public)',
        security: [],
        querystring: Type.Object({ point: Type.Integer({ minimum: 1, description: 'service point of the kiosk' }), limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(KioskPost) },
      },
    },
    async (request) => {
      const point = getServicePoint(app.db, request.query.point)
      if (!point || point.level === 'village' || !point.regionCode.startsWith(city)) throw new ServicePointNotFoundError(request.query.point)
      return q.vacantPosts(app.db, point.regionCode, request.query.limit).map((p) => ({ ...p, categoryName: categoryNames[p.category], place: placeOf(p.regionCode) }))
    },
  )
}

export default routes
