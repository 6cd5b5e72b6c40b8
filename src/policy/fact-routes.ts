import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { areaPrefix, type Caller } from '../auth/caller'
import { BadRequestError, CourseFullError, CourseNotFoundError, DuplicateError, EnrollmentNotFoundError, OutOfScopeError } from '../errors'
import { DateString, IdParams, Nullable } from '../http/schemas'
import { addDays } from '../calendar'
import { getLaborer, laborerInScope, laborerVisible } from '../laborers/index'
import { CertificateTier, loanKinds } from './facts'
import * as q from './queries'
import { borrowerKinds, courseModes, intermediaryKinds, providerKinds, type TrainingCourse } from './schema'
import { getJob } from '../jobs/index'
import { proposeToOrder } from './orders'
import { beneficiaryEmployerInScope, incubationBaseInScope, intermediaryInScope, regionVisible } from './scope'

const Name = Type.String({ minLength: 1, maxLength: 200 })
const RegionCode = Type.String({ pattern: '^[0-9]{4,12}$' })
const CountyCode = Type.String({ pattern: '^[0-9]{6}$' })
const Money = Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: '元' })
const iso = (ms: number) => new Date(ms).toISOString()
const stamped = { createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) }

const ProviderBody = Type.Object({ name: Name, kind: Type.Enum(providerKinds), regionCode: RegionCode }, { additionalProperties: false })
const ProviderView = Type.Object({ id: Type.Integer(), ...ProviderBody.properties, ...stamped })

const CourseBody = Type.Object(
  {
    providerId: IdParams.properties.id,
    evaluatorId: Type.Optional(IdParams.properties.id),
    occupation: Type.String({ minLength: 1, maxLength: 100 }),
    days: Type.Integer({ minimum: 1, maximum: 366, description: 'training days (the subsidy rate depends on ≤ 10 or more)' }),
    startDate: DateString,
    endDate: DateString,
    skillsProgram: Type.Boolean({ description: 'part of 技能培训提升工程' }),
    centralized: Type.Boolean({ description: '集中组织培训' }),
    placeCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$', description: 'county or township where it is held (default: the provider’s region)' })),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    mode: Type.Optional(Type.Enum(courseModes, { description: 'open · order (订单式: for an employer’s postings) · directed (定向式)' })),
    employerId: Type.Optional(IdParams.properties.id),
    jobIds: Type.Optional(Type.Array(IdParams.properties.id, { maxItems: 50, description: 'the employer’s postings trainees are proposed to on completion' })),
  },
  { additionalProperties: false },
)
const EnrollmentView = Type.Object({
  id: Type.Integer(),
  courseId: Type.Integer(),
  laborerId: Type.Integer(),
  relocated: Type.Boolean(),
  completed: Type.Boolean(),
  attendedDays: Type.Integer(),
  certificateTier: Nullable(Type.Integer()),
  employedAfter: Type.Boolean(),
  ...stamped,
})
const CourseView = Type.Object({
  id: Type.Integer(),
  ...CourseBody.properties,
  evaluatorId: Nullable(Type.Integer()),
  placeCode: Nullable(Type.String()),
  seats: Nullable(Type.Integer()),
  mode: Type.Enum(courseModes),
  employerId: Nullable(Type.Integer()),
  jobIds: Type.Array(Type.Integer()),
  ...stamped,
  enrollments: Type.Array(EnrollmentView, { description: 'enrollments of laborers in the caller’s area' }),
})
const EnrollBody = Type.Object(
  { laborerId: IdParams.properties.id, relocated: Type.Optional(Type.Boolean({ description: '搬迁劳动力' })) },
  { additionalProperties: false },
)
const EnrollmentPatch = Type.Object(
  {
    completed: Type.Optional(Type.Boolean()),
    attendedDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366 })),
    certificateTier: Type.Optional(Nullable(CertificateTier)),
    employedAfter: Type.Optional(Type.Boolean()),
    relocated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

const IntermediaryBody = Type.Object(
  { name: Name, kind: Type.Enum(intermediaryKinds), regionCode: RegionCode, qualified: Type.Boolean({ description: '合法资质 / 经认定' }) },
  { additionalProperties: false },
)
const IntermediaryView = Type.Object({ id: Type.Integer(), ...IntermediaryBody.properties, ...stamped })

const BaseBody = Type.Object(
  {
    name: Name,
    countyCode: CountyCode,
    openedOn: DateString,
    operating: Type.Boolean({ description: '正常运营' }),
    entities: Type.Integer({ minimum: 0, maximum: 100_000, description: '入驻实体数量' }),
    povertyEmployed: Type.Integer({ minimum: 0, maximum: 1_000_000, description: '吸纳脱贫劳动力就业人数' }),
  },
  { additionalProperties: false },
)
const BaseView = Type.Object({ id: Type.Integer(), ...BaseBody.properties, ...stamped })

const KeyCounty = Type.Object(
  { countyCode: CountyCode, designation: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. 国家乡村振兴重点帮扶县' }) },
  { additionalProperties: false },
)

const LoanBody = Type.Object(
  {
    borrowerKind: Type.Enum(borrowerKinds),
    borrowerId: IdParams.properties.id,
    kind: Type.Enum(loanKinds),
    principal: Money,
    rateBasisPoints: Type.Integer({ minimum: 0, maximum: 3000, description: 'yearly rate in 1/10,000 (435 = 4.35%)' }),
    termMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    issuedOn: DateString,
  },
  { additionalProperties: false },
)
const LoanView = Type.Object({ id: Type.Integer(), ...LoanBody.properties, createdAt: Type.String({ format: 'date-time' }) })

const BusinessBody = Type.Object(
  {
    laborerId: IdParams.properties.id,
    registeredOn: DateString,
    qualifies: Type.Boolean({ description: '符合重点群体创业税收优惠政策条件' }),
  },
  { additionalProperties: false },
)
const BusinessView = Type.Object({ id: Type.Integer(), ...BusinessBody.properties, createdAt: Type.String({ format: 'date-time' }) })

const officials = ['city_admin', 'county_officer', 'township_staff', 'village_agent'] as const
const recorders = ['city_admin', 'county_officer'] as const

const withTimes = <T extends { createdAt: number; updatedAt: number }>(row: T) => ({ ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) })

/**
 * The facts the subsidy rules need that no other module records: training providers,
 * courses and enrollments, intermediaries, incubation bases and key counties, loans and
 * individual businesses.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode

  const ownRegion = (caller: Caller, code: string, field: string) => {
    if (!app.regions.isLocal(code)) throw new BadRequestError(`body.${field} ${code} 不是 ${city} 下的地区`)
    if (!regionVisible(caller, city, code)) throw new OutOfScopeError(`body.${field} ${code}`)
  }
  const laborerInArea = (caller: Caller, id: number) => laborerInScope(app.db, caller, city, id)
  const courseView = (caller: Caller, course: TrainingCourse) => {
    const prefix = areaPrefix(caller, city) ?? city
    return { ...withTimes(course), enrollments: q.listEnrollments(app.db, course.id, prefix).map(withTimes) }
  }

  app.post(
    '/training/providers',
    {
      config: { access: recorders },
      schema: { tags: ['training'], summary: 'Register a training provider or evaluation body', body: ProviderBody, response: { 201: ProviderView } },
    },
    async (request, reply) => {
      ownRegion(request.caller, request.body.regionCode, 'regionCode')
      return reply.status(201).send(withTimes(q.createProvider(app.db, request.body)))
    },
  )

  app.get(
    '/training/providers',
    {
      config: { access: officials },
      schema: { tags: ['training'], summary: 'Training providers and evaluation bodies', response: { 200: Type.Array(ProviderView) } },
    },
    async () => q.listProviders(app.db).map(withTimes),
  )

  app.post(
    '/training/courses',
    {
      config: { access: recorders },
      schema: { tags: ['training'], summary: 'Record a training course', body: CourseBody, response: { 201: CourseView } },
    },
    async (request, reply) => {
      const body = request.body
      const provider = q.getProvider(app.db, body.providerId)
      // A provider outside the caller's area answers like one that does not exist.
      if (!provider || provider.kind === 'evaluation' || !regionVisible(request.caller, city, provider.regionCode)) {
        throw new BadRequestError(`body.providerId ${body.providerId} 不是您辖区内的培训机构`)
      }
      if (body.evaluatorId !== undefined) {
        const evaluator = q.getProvider(app.db, body.evaluatorId)
        if (!evaluator || evaluator.kind === 'training') throw new BadRequestError(`body.evaluatorId ${body.evaluatorId} 不是评价机构`)
      }
      if (body.endDate < body.startDate) throw new BadRequestError('body.endDate 早于 body.startDate')
      if (addDays(body.startDate, body.days - 1) > body.endDate) {
        throw new BadRequestError(`body.days ${body.days} 超出 ${body.startDate} 至 ${body.endDate} 的天数`)
      }
      if (body.placeCode !== undefined) {
        if (!app.regions.isLocal(body.placeCode)) throw new BadRequestError(`body.placeCode ${body.placeCode} 不是 ${city} 下的县或乡镇`)
        if (!regionVisible(request.caller, city, body.placeCode)) throw new OutOfScopeError(`body.placeCode ${body.placeCode}`)
      }
      const mode = body.mode ?? 'open'
      if (mode !== 'open' && body.employerId === undefined) throw new BadRequestError(`body.employerId 为必填项（${mode === 'order' ? '订单式' : '定向式'}培训为哪家用人单位培训）`)
      if (mode === 'open' && (body.employerId !== undefined || body.jobIds?.length)) throw new BadRequestError('body.employerId 与 body.jobIds 只用于订单式、定向式培训')
      if (body.employerId !== undefined) beneficiaryEmployerInScope(app.db, request.caller, city, body.employerId)
      for (const jobId of body.jobIds ?? []) {
        if (getJob(app.db, jobId)?.employerId !== body.employerId) throw new BadRequestError(`body.jobIds ${jobId} 不是用人单位 ${body.employerId} 的岗位`)
      }
      const course = q.createCourse(app.db, {
        ...body,
        evaluatorId: body.evaluatorId ?? null,
        placeCode: body.placeCode ?? null,
        seats: body.seats ?? null,
        mode,
        employerId: body.employerId ?? null,
        jobIds: body.jobIds ?? [],
      })
      return reply.status(201).send(courseView(request.caller, course))
    },
  )

  app.get(
    '/training/courses/:id',
    {
      config: { access: officials },
      schema: { tags: ['training'], summary: 'A course and the enrollments of laborers in your area', params: IdParams, response: { 200: CourseView } },
    },
    async (request) => {
      const course = q.getCourse(app.db, request.params.id)
      if (!course) throw new CourseNotFoundError(request.params.id)
      return courseView(request.caller, course)
    },
  )

  app.post(
    '/training/courses/:id/enrollments',
    {
      config: { access: officials },
      schema: { tags: ['training'], summary: 'Enroll a laborer of your area', params: IdParams, body: EnrollBody, response: { 201: EnrollmentView } },
    },
    async (request, reply) => {
      const course = q.getCourse(app.db, request.params.id)
      if (!course) throw new CourseNotFoundError(request.params.id)
      laborerInArea(request.caller, request.body.laborerId)
      if (course.seats !== null && q.enrollmentCount(app.db, course.id) >= course.seats) throw new CourseFullError(course.id, course.seats)
      const enrollment = q.enroll(app.db, course.id, request.body.laborerId, request.body.relocated ?? false)
      if (!enrollment) throw new DuplicateError(`劳动力 ${request.body.laborerId} 已报名培训班 ${course.id}`)
      return reply.status(201).send(withTimes(enrollment))
    },
  )

  app.patch(
    '/training/enrollments/:id',
    {
      config: { access: officials },
      schema: {
        tags: ['training'],
        summary: 'Record attendance, completion, the certificate obtained and employment after training',
        params: IdParams,
        body: EnrollmentPatch,
        response: { 200: Type.Object({ ...EnrollmentView.properties, proposedMatchIds: Type.Array(Type.Integer(), { description: 'matches proposed to the ordering employer’s postings on completion' }) }) },
      },
    },
    async (request) => {
      const enrollment = q.getEnrollment(app.db, request.params.id)
      const laborer = enrollment && getLaborer(app.db, enrollment.laborerId)
      if (!enrollment || !laborer || !laborerVisible(request.caller, city, laborer)) throw new EnrollmentNotFoundError(request.params.id)
      const course = q.getCourse(app.db, enrollment.courseId)!
      if ((request.body.attendedDays ?? 0) > course.days) {
        throw new BadRequestError(`body.attendedDays 超过培训班的 ${course.days} 天`)
      }
      const updated = withTimes(q.updateEnrollment(app.db, enrollment.id, request.body)!)
      // 订单式/定向式: a trainee who completes is proposed to the ordering employer's postings.
      const proposedMatchIds = request.body.completed && !enrollment.completed ? proposeToOrder(app.db, city, course, laborer) : []
      return { ...updated, proposedMatchIds }
    },
  )

  app.post(
    '/intermediaries',
    {
      config: { access: recorders },
      schema: { tags: ['subsidies'], summary: 'Register an intermediary (HR firm, training institution, export base, broker)', body: IntermediaryBody, response: { 201: IntermediaryView } },
    },
    async (request, reply) => {
      ownRegion(request.caller, request.body.regionCode, 'regionCode')
      return reply.status(201).send(withTimes(q.createIntermediary(app.db, request.body)))
    },
  )

  app.get(
    '/intermediaries/:id',
    {
      config: { access: officials },
      schema: { tags: ['subsidies'], summary: 'An intermediary', params: IdParams, response: { 200: IntermediaryView } },
    },
    async (request) => {
      return withTimes(intermediaryInScope(app.db, request.caller, city, request.params.id))
    },
  )

  app.post(
    '/incubation-bases',
    {
      config: { access: recorders },
      schema: { tags: ['subsidies'], summary: 'Register an incubation base / entrepreneurship park', body: BaseBody, response: { 201: BaseView } },
    },
    async (request, reply) => {
      ownRegion(request.caller, request.body.countyCode, 'countyCode')
      return reply.status(201).send(withTimes(q.createIncubationBase(app.db, request.body)))
    },
  )

  app.patch(
    '/incubation-bases/:id',
    {
      config: { access: recorders },
      schema: { tags: ['subsidies'], summary: 'Update the figures of an incubation base', params: IdParams, body: Type.Partial(Type.Omit(BaseBody, ['countyCode']), { additionalProperties: false }), response: { 200: BaseView } },
    },
    async (request) => {
      const found = incubationBaseInScope(app.db, request.caller, city, request.params.id)
      return withTimes(q.updateIncubationBase(app.db, found.id, request.body)!)
    },
  )

  app.get(
    '/subsidies/key-counties',
    {
      config: { access: officials },
      schema: { tags: ['subsidies'], summary: '乡村振兴重点帮扶县 as configured', response: { 200: Type.Array(KeyCounty) } },
    },
    async () => q.listKeyCounties(app.db),
  )

  app.put(
    '/subsidies/key-counties',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['subsidies'], summary: 'Replace the list of 乡村振兴重点帮扶县', body: Type.Array(KeyCounty, { maxItems: 100 }), response: { 200: Type.Array(KeyCounty) } },
    },
    async (request) => {
      const seen = new Set<string>()
      for (const row of request.body) {
        if (!app.regions.isLocal(row.countyCode, 'county')) throw new BadRequestError(`body countyCode ${row.countyCode} 不是 ${city} 下的县`)
        if (seen.has(row.countyCode)) throw new BadRequestError(`body countyCode ${row.countyCode} 重复出现`)
        seen.add(row.countyCode)
      }
      q.replaceKeyCounties(app.db, request.body)
      return q.listKeyCounties(app.db)
    },
  )

  app.post(
    '/subsidies/loans',
    {
      config: { access: recorders },
      schema: { tags: ['subsidies'], summary: 'Record a guarantee loan or microcredit', body: LoanBody, response: { 201: LoanView } },
    },
    async (request, reply) => {
      const { borrowerKind, borrowerId } = request.body
      if (borrowerKind === 'laborer') laborerInArea(request.caller, borrowerId)
      else beneficiaryEmployerInScope(app.db, request.caller, city, borrowerId)
      const loan = q.createLoan(app.db, request.body)
      return reply.status(201).send({ ...loan, createdAt: iso(loan.createdAt) })
    },
  )

  app.post(
    '/subsidies/businesses',
    {
      config: { access: recorders },
      schema: { tags: ['subsidies'], summary: 'Record an individual business (个体工商户) registered by a laborer', body: BusinessBody, response: { 201: BusinessView } },
    },
    async (request, reply) => {
      laborerInArea(request.caller, request.body.laborerId)
      const business = q.createBusiness(app.db, request.body)
      return reply.status(201).send({ ...business, createdAt: iso(business.createdAt) })
    },
  )
}

export default routes
