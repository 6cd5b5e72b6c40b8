import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { Type } from 'typebox'
import { areaPrefix, inArea } from '../auth/caller'
import { addDays, shanghaiToday } from '../calendar'
import { BadRequestError, GigNotFoundError, NotRegisteredError, OutOfScopeError, rateLimitError, ServicePointNotFoundError } from '../errors'
import { DateString, IdParams, Limit, Nullable } from '../http/schemas'
import { findByIdHash, normalizeIdNumber, parseIdNumber } from '../laborers/index'
import { maskName } from '../matching/index'
import { getServicePoint } from '../network/index'
import { recordGigWork } from './employment'
import { cancel, complete, decide, onBoard, signUp } from './market'
import * as q from './queries'
import { gigStatuses, gigUnits, signupStatuses, type Gig } from './schema'
import { gigInScope } from './scope'
import { requireLocalPlace } from '../regions/index'

const posters = ['city_admin', 'county_officer', 'township_staff', 'employer'] as const
const viewers = [...posters, 'village_agent'] as const
const MAX_DAYS_AHEAD = 30

const statusNames: Record<Gig['status'], string> = { open: '招人中', cancelled: '已取消', done: '已完工' }
const signupNames: Record<(typeof signupStatuses)[number], string> = {
  signed: '待确认',
  confirmed: '已确认',
  declined: '未录用',
  done: '已完工',
  absent: '未到岗',
  withdrawn: '已撤回',
}

const GigBody = Type.Object(
  {
    regionCode: Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$', description: 'township (9 digits) or village (12 digits) where the work is' }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    title: Type.String({ minLength: 1, maxLength: 60 }),
    occupation: Type.String({ minLength: 1, maxLength: 30 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    workDate: DateString,
    days: Type.Integer({ minimum: 1, maximum: 30, default: 1, description: 'days of work from workDate (a task: the days it may take)' }),
    unit: Type.Enum(gigUnits, { description: 'pay by the day or for the whole task' }),
    pay: Type.Integer({ minimum: 1, maximum: 100_000, description: '元 per day, or for the task' }),
    slots: Type.Integer({ minimum: 1, maximum: 500, description: 'people wanted' }),
    contact: Type.Optional(Type.String({ maxLength: 60, description: 'who to ask on the day (a name, a landline)' })),
  },
  { additionalProperties: false },
)
const GigView = Type.Object({
  id: Type.Integer(),
  countyCode: Type.String(),
  townshipCode: Type.String(),
  regionCode: Type.String(),
  place: Type.String(),
  address: Type.String(),
  title: Type.String(),
  occupation: Type.String(),
  description: Type.String(),
  workDate: Type.String(),
  lastDate: Type.String(),
  unit: Type.Enum(gigUnits),
  pay: Type.Integer(),
  payText: Type.String({ description: '300 元/天 · 整活 800 元' }),
  slots: Type.Integer(),
  confirmed: Type.Integer(),
  signups: Type.Integer({ description: 'live sign-ups (waiting, confirmed or done)' }),
  contact: Type.String(),
  status: Type.Enum(gigStatuses),
  statusName: Type.String(),
  onBoard: Type.Boolean({ description: 'shown on the kiosk board now' }),
  employerId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
})
const SignupView = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'masked: 张**' }),
  village: Type.String(),
  status: Type.Enum(signupStatuses),
  statusName: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})
const BoardGig = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  occupation: Type.String(),
  description: Type.String(),
  place: Type.String(),
  address: Type.String(),
  when: Type.String({ description: '今天 · 明天 · 今天起 3 天' }),
  workDate: Type.String(),
  lastDate: Type.String(),
  payText: Type.String(),
  placesLeft: Type.Integer(),
  contact: Type.String(),
})
const Board = Type.Object({ county: Type.String(), today: Type.String(), gigs: Type.Array(BoardGig) })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode
  await app.register(rateLimit, { max: app.config.searchRateLimit, timeWindow: 60_000, errorResponseBuilder: rateLimitError })
  const board = q.boardStatement(app.sqlite)

  const placeOf = (code: string) =>
    [code.slice(0, 6), code.slice(0, 9), code.length === 12 ? code : null]
      .filter((c): c is string => c !== null)
      .map((c) => app.regions.get(c)?.name ?? c)
      .join('')
  const payText = (g: Pick<Gig, 'unit' | 'pay'>) => (g.unit === 'day' ? `${g.pay} 元/天` : `整活 ${g.pay} 元`)
  const gigView = (g: Gig, signups: number, today: string) => ({
    ...g,
    place: placeOf(g.regionCode),
    payText: payText(g),
    signups,
    statusName: statusNames[g.status],
    onBoard: onBoard(g, today),
    createdAt: new Date(g.createdAt).toISOString(),
  })
  const liveSignups = (id: number) => q.signupsOf(app.db, id).filter((s) => s.status === 'signed' || s.status === 'confirmed' || s.status === 'done').length
  const when = (g: Pick<Gig, 'workDate' | 'lastDate'>, today: string) => {
    const days = Math.round((Date.parse(g.lastDate) - Date.parse(g.workDate)) / 86_400_000) + 1
    if (g.workDate > today) return days > 1 ? `明天起 ${days} 天` : '明天'
    if (g.lastDate === today) return '今天'
    return g.workDate === today ? `今天起 ${days} 天` : `进行中，到 ${Number(g.lastDate.slice(5, 7))}月${Number(g.lastDate.slice(8))}日`
  }

  app.post(
    '/gigs',
    {
      config: { access: posters },
      schema: { tags: ['local work'], summary: 'Post a gig (零工): work by the day or task in the county', body: GigBody, response: { 201: GigView } },
    },
    async (request, reply) => {
      const body = request.body
      const caller = request.caller
      requireLocalPlace(app.regions, city, body.regionCode)
      if (caller.role !== 'employer' && !inArea(caller, city, body.regionCode)) throw new OutOfScopeError(`body.regionCode ${body.regionCode}`)
      const today = shanghaiToday()
      if (body.workDate < today || body.workDate > addDays(today, MAX_DAYS_AHEAD)) {
        throw new BadRequestError(`body.workDate ${body.workDate} 须在今天到 ${MAX_DAYS_AHEAD} 天之内`)
      }
      const gig = q.createGig(app.db, {
        countyCode: body.regionCode.slice(0, 6),
        townshipCode: body.regionCode.slice(0, 9),
        regionCode: body.regionCode,
        address: body.address ?? '',
        title: body.title,
        occupation: body.occupation,
        description: body.description ?? '',
        workDate: body.workDate,
        lastDate: addDays(body.workDate, body.days - 1),
        unit: body.unit,
        pay: body.pay,
        slots: body.slots,
        contact: body.contact ?? '',
        posterKind: caller.role === 'employer' ? 'employer' : 'staff',
        employerId: caller.role === 'employer' ? Number(caller.scope) : null,
        tokenId: caller.tokenId,
      })
      return reply.status(201).send(gigView(gig, 0, today))
    },
  )

  app.get(
    '/gigs',
    {
      config: { access: viewers },
      schema: {
        tags: ['local work'],
        summary: 'Gigs you posted (employer) or of your area, newest work day first',
        querystring: Type.Object(
          { from: Type.Optional(DateString), status: Type.Optional(Type.Enum(gigStatuses)), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(GigView) },
      },
    },
    async (request) => {
      const caller = request.caller
      const today = shanghaiToday()
      const rows = q.listGigs(app.db, {
        ...(caller.role === 'employer' ? { employerId: Number(caller.scope) } : { prefix: areaPrefix(caller, city)! }),
        from: request.query.from,
        status: request.query.status,
        limit: request.query.limit,
      })
      return rows.map((g) => gigView(g, g.signups, today))
    },
  )

  app.get(
    '/gigs/:id',
    {
      config: { access: viewers },
      schema: { tags: ['local work'], summary: 'A gig', params: IdParams, response: { 200: GigView } },
    },
    async (request) => {
      const gig = gigInScope(app.db, request.caller, city, request.params.id)
      return gigView(gig, liveSignups(gig.id), shanghaiToday())
    },
  )

  app.get(
    '/gigs/:id/signups',
    {
      config: { access: viewers },
      schema: { tags: ['local work'], summary: 'Who signed up, names masked (张**)', params: IdParams, response: { 200: Type.Array(SignupView) } },
    },
    async (request) => {
      const gig = gigInScope(app.db, request.caller, city, request.params.id)
      return q.signupsOf(app.db, gig.id).map((s) => ({
        id: s.id,
        name: maskName(s.name),
        village: placeOf(s.villageCode).slice(placeOf(s.villageCode.slice(0, 6)).length),
        status: s.status,
        statusName: signupNames[s.status],
        createdAt: new Date(s.createdAt).toISOString(),
      }))
    },
  )

  for (const action of ['confirm', 'decline'] as const) {
    app.post(
      `/gigs/:id/signups/:signupId/${action}`,
      {
        config: { access: posters },
        schema: {
          tags: ['local work'],
          summary: action === 'confirm' ? 'Take this sign-up (one of the places)' : 'Turn this sign-up down',
          params: Type.Object({ id: IdParams.properties.id, signupId: IdParams.properties.id }),
          response: { 200: SignupView },
        },
      },
      async (request) => {
        const gig = gigInScope(app.db, request.caller, city, request.params.id)
        decide(app.db, gig, request.params.signupId, action)
        const s = q.signupsOf(app.db, gig.id).find((x) => x.id === request.params.signupId)!
        return { id: s.id, name: maskName(s.name), village: app.regions.get(s.villageCode)?.name ?? '', status: s.status, statusName: signupNames[s.status], createdAt: new Date(s.createdAt).toISOString() }
      },
    )
  }

  app.post(
    '/gigs/:id/done',
    {
      config: { access: posters },
      schema: {
        tags: ['local work'],
        summary: 'The work is done: confirmed sign-ups become 灵活就业 records (those named absent did not come)',
        params: IdParams,
        body: Type.Object({ absent: Type.Optional(Type.Array(IdParams.properties.id, { maxItems: 500, description: 'sign-up ids that did not come' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ gig: GigView, worked: Type.Integer({ description: 'people who worked: each a 灵活就业 record' }) }) },
      },
    },
    async (request) => {
      const gig = gigInScope(app.db, request.caller, city, request.params.id)
      const today = shanghaiToday()
      const worked = complete(app.db, gig, request.body.absent ?? [], today, (signup, g) => recordGigWork(app.db, city, signup, g, today, request.caller.tokenId))
      return { gig: gigView(q.getGig(app.db, gig.id)!, liveSignups(gig.id), today), worked: worked.length }
    },
  )

  app.post(
    '/gigs/:id/cancel',
    {
      config: { access: posters },
      schema: { tags: ['local work'], summary: 'Cancel the gig (it leaves the board; sign-ups are turned down)', params: IdParams, response: { 200: GigView } },
    },
    async (request) => {
      const gig = gigInScope(app.db, request.caller, city, request.params.id)
      return gigView(cancel(app.db, gig), liveSignups(gig.id), shanghaiToday())
    },
  )

  // ---------------------------------------------------------------- the kiosk board (public)

  const kioskPoint = (id: number) => {
    const point = getServicePoint(app.db, id)
    if (!point || point.level === 'village' || !point.regionCode.startsWith(city) || point.regionCode.length < 6) throw new ServicePointNotFoundError(id)
    return point
  }

  app.get(
    '/kiosk/gigs',
    {
      config: { access: 'public' },
      schema: {
        tags: ['kiosk'],
        summary: '零工 board of the county where the kiosk stands: gigs of today and tomorrow with places left (public)',
        security: [],
        querystring: Type.Object(
          { point: Type.Integer({ minimum: 1, description: 'service point of the kiosk' }), limit: Type.Integer({ minimum: 1, maximum: 200, default: 60 }) },
          { additionalProperties: false },
        ),
        response: { 200: Board },
      },
    },
    async (request) => {
      const point = kioskPoint(request.query.point)
      const county = point.regionCode.slice(0, 6)
      const today = shanghaiToday()
      const gigs = board(county, today, addDays(today, 1), request.query.limit).map((g) => ({
        id: g.id,
        title: g.title,
        occupation: g.occupation,
        description: g.description,
        place: placeOf(g.regionCode),
        address: g.address,
        when: when(g, today),
        workDate: g.workDate,
        lastDate: g.lastDate,
        payText: payText(g),
        placesLeft: g.slots - g.confirmed,
        contact: g.contact,
      }))
      return { county: app.regions.get(county)?.name ?? county, today, gigs }
    },
  )

  app.post(
    '/kiosk/gigs/:id/signups',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['kiosk'],
        summary: 'Sign up for a gig at the kiosk with your ID number and name (in the body; no account, nothing shown back)',
        security: [],
        params: IdParams,
        body: Type.Object(
          {
            idNumber: Type.String({ minLength: 15, maxLength: 18, description: '居民身份证号码' }),
            name: Type.String({ minLength: 1, maxLength: 30 }),
            point: Type.Integer({ minimum: 1, description: 'service point of the kiosk' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.Integer(), message: Type.String() }) },
      },
    },
    async (request, reply) => {
      const point = kioskPoint(request.body.point)
      const gig = q.getGig(app.db, request.params.id)
      const today = shanghaiToday()
      if (!gig || gig.countyCode !== point.regionCode.slice(0, 6) || !onBoard(gig, today)) throw new GigNotFoundError(request.params.id)
      if (!parseIdNumber(request.body.idNumber.trim(), today).ok) throw new BadRequestError('body.idNumber 身份证号码有误，请核对后再输入')
      const laborer = findByIdHash(app.db, app.pii.hash(normalizeIdNumber(request.body.idNumber.trim())))
      if (!laborer || laborer.name !== request.body.name.trim()) {
        throw new NotRegisteredError('没有找到您的登记信息，请核对身份证号码和姓名，或请村里的信息员帮您登记')
      }
      const signup = signUp(app.db, gig, laborer.id, point.id, today)
      return reply.status(201).send({ id: signup.id, message: `报名成功：${gig.title}（${when(gig, today)}）。用工方确认后，请按时到${placeOf(gig.regionCode)}${gig.address}上工。` })
    },
  )
}

export default routes
