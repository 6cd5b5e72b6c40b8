import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { Type } from 'typebox'
import { areaPrefix, inArea } from '../auth/caller'
import { getEmployer } from '../employers/index'
import { BadRequestError, HelpRequestNotFoundError, JobNotFoundError, rateLimitError } from '../errors'
import { IdParams, Limit, Nullable } from '../http/schemas'
import { shanghaiToday } from '../calendar'
import { getJob } from '../jobs/index'
import { jobTypes, laborBrands, wageUnits, type Job } from '../jobs/schema'
import { getServicePoint, getStation } from '../network/index'
import { partnerAreas } from '../network/schema'
import * as q from './queries'
import { foundOn } from '../search/index'
import { laborerSubsidyGuide } from '../policy/index'

const KioskJob = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  employerName: Type.String(),
  recommendedBy: Nullable(Type.String({ description: '工作站推荐: the out-of-province station that collected the posting' })),
  occupation: Type.String(),
  place: Type.String(),
  partnerArea: Type.Enum(partnerAreas),
  type: Type.Enum(jobTypes),
  laborBrand: Nullable(Type.Enum(laborBrands)),
  wageMin: Type.Integer(),
  wageMax: Type.Integer(),
  wageUnit: Type.Enum(wageUnits),
  benefits: Type.Array(Type.String()),
  contractMonths: Type.Integer(),
  openingsLeft: Type.Integer(),
  startDate: Type.String(),
  deadline: Type.String(),
})

const InterestView = Type.Object({
  id: Type.Integer(),
  jobId: Type.Integer(),
  jobTitle: Type.String(),
  servicePointId: Type.Integer(),
  regionCode: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})

const staff = ['city_admin', 'county_officer', 'township_staff'] as const

/** A posting a laborer may see at a kiosk: exactly what search finds (one rule, `foundOn`). */
function onOffer(job: Job | undefined): job is Job {
  return job !== undefined && foundOn(job, shanghaiToday())
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  // Public routes: generous for reading, tight for writing.
  await app.register(rateLimit, { max: app.config.searchRateLimit, timeWindow: 60_000, errorResponseBuilder: rateLimitError })

  app.get(
    '/kiosk/jobs/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['kiosk'],
        summary: 'A posting on offer, as the kiosk shows it (public)',
        security: [],
        params: IdParams,
        response: { 200: KioskJob },
      },
    },
    async (request) => {
      const job = getJob(app.db, request.params.id)
      if (!onOffer(job)) throw new JobNotFoundError(request.params.id)
      return {
        ...job,
        employerName: getEmployer(app.db, job.employerId)?.name ?? '',
        recommendedBy: job.stationId === null ? null : (getStation(app.db, job.stationId)?.name ?? null),
        place: app.regions.placeName(job.countyCode ?? job.cityCode ?? job.provinceCode),
      }
    },
  )

  app.get(
    '/kiosk/subsidies',
    {
      config: { access: 'public' },
      schema: {
        tags: ['kiosk'],
        summary: 'The subsidies a laborer can get, in plain words, from the rules in force (public)',
        security: [],
        response: { 200: Type.Array(Type.Object({ ruleId: Type.String(), title: Type.String(), text: Type.String() })) },
      },
    },
    async () => laborerSubsidyGuide(),
  )

  app.post(
    '/kiosk/interests',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['kiosk'],
        summary: '请工作人员帮我报名: ask the staff of this service point for help with a posting (public, no personal data)',
        security: [],
        body: Type.Object(
          { jobId: Type.Integer({ minimum: 1 }), pointId: Type.Integer({ minimum: 1, description: 'service point where the kiosk stands' }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.Integer(), message: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { jobId, pointId } = request.body
      if (!onOffer(getJob(app.db, jobId))) throw new JobNotFoundError(jobId)
      const point = getServicePoint(app.db, pointId)
      if (!point || point.level === 'village') throw new BadRequestError(`body.pointId ${pointId} 不是设有自助机的服务站`)
      const interest = q.recordInterest(app.db, { jobId, servicePointId: point.id, regionCode: point.regionCode })
      return reply.status(201).send({ id: interest.id, message: `已通知${point.name}的工作人员，请稍候，他们会来帮您报名。` })
    },
  )

  app.get(
    '/kiosk/interests',
    {
      config: { access: staff },
      schema: {
        tags: ['kiosk'],
        summary: 'Requests for help from kiosks in the caller’s area, newest first, not yet handled',
        querystring: Type.Object({ limit: Limit }, { additionalProperties: false }),
        response: { 200: Type.Array(InterestView) },
      },
    },
    async (request) =>
      q
        .listOpenInterests(app.db, areaPrefix(request.caller, app.config.cityCode)!, request.query.limit)
        .map((i) => ({ ...i, createdAt: new Date(i.createdAt).toISOString() })),
  )

  app.post(
    '/kiosk/interests/:id/handled',
    {
      config: { access: staff },
      schema: { tags: ['kiosk'], summary: 'Mark a request for help as handled', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const interest = q.getInterest(app.db, request.params.id)
      if (!interest || !inArea(request.caller, app.config.cityCode, interest.regionCode)) {
        throw new HelpRequestNotFoundError(request.params.id)
      }
      q.markHandled(app.db, interest.id, request.caller.tokenId)
      return reply.status(204).send(null)
    },
  )
}

export default routes
