import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Caller } from '../auth/caller'
import { employerExists, employerManaged, managesPlace, placeRefusal } from '../employers/index'
import { BadRequestError, EmployerNotFoundError, OpeningsTakenError } from '../errors'
import { IdParams } from '../http/schemas'
import { partnerAreas } from '../network/schema'
import { shanghaiToday } from '../calendar'
import { feedFormats, feedFromText, importFeed } from './feed'
import { checkJob, fieldsOf, JobBody, JobPatch, JobView } from './model'
import * as q from './queries'
import { jobInScope, jobManaged, placeOf } from './scope'
import { jobStatuses, jobTypes, type Job } from './schema'

/** A station operator reads and writes only the postings its station collected (岗位收集, `jobVisible`). */
const readers = ['city_admin', 'county_officer', 'township_staff', 'village_agent', 'fair_organizer', 'employer', 'station_operator'] as const
const writers = ['city_admin', 'county_officer', 'employer', 'station_operator'] as const

const ImportReport = Type.Object({
  source: Type.String(),
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })),
})

const view = (job: Job) => ({
  ...job,
  createdAt: new Date(job.createdAt).toISOString(),
  updatedAt: new Date(job.updatedAt).toISOString(),
})

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = (checkDeadline = true) => ({
    regionLevel: (code: string) => app.regions.get(code)?.level,
    cityCode: app.config.cityCode,
    today: shanghaiToday(),
    checkDeadline,
  })
  /** Another employer's posting is as absent as a posting that does not exist. */
  const visible = (caller: Caller, id: number) => jobInScope(app.db, caller, id)

  app.get(
    '/jobs',
    {
      config: { access: readers },
      schema: {
        tags: ['jobs'],
        summary: 'Postings, all states (an employer token sees only its own)',
        querystring: Type.Object(
          {
            employerId: Type.Optional(Type.Integer({ minimum: 1 })),
            status: Type.Optional(Type.Enum(jobStatuses)),
            partnerArea: Type.Optional(Type.Enum(partnerAreas)),
            type: Type.Optional(Type.Enum(jobTypes)),
            source: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            afterId: Type.Integer({ minimum: 0, default: 0, description: 'keyset pagination: last id of the previous page' }),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(JobView) },
      },
    },
    async (request) => {
      const caller = request.caller
      const employerId = caller.role === 'employer' ? Number(caller.scope) : request.query.employerId
      const stationId = caller.role === 'station_operator' ? Number(caller.scope) : undefined
      return q.listJobs(app.db, { ...request.query, employerId, stationId }).map(view)
    },
  )

  app.get(
    '/jobs/:id',
    {
      config: { access: readers },
      schema: { tags: ['jobs'], summary: 'One posting', params: IdParams, response: { 200: JobView } },
    },
    async (request) => view(visible(request.caller, request.params.id)),
  )

  app.post(
    '/jobs',
    {
      config: { access: writers },
      schema: { tags: ['jobs'], summary: 'Publish a posting', body: JobBody, response: { 201: JobView } },
    },
    async (request, reply) => {
      const { employerId: asked, ...fields } = request.body
      const caller = request.caller
      const employerId = caller.role === 'employer' ? Number(caller.scope) : asked
      if (employerId === undefined) throw new BadRequestError('body.employerId 为必填项')
      if (caller.role === 'employer' && asked !== undefined && asked !== employerId) throw new EmployerNotFoundError(asked)
      if (!employerExists(app.db, employerId)) throw new BadRequestError(`body.employerId ${employerId} 不是已登记的用人单位`)
      // A county officer posts for employers it manages, at places it manages; a station operator
      // for the employers its station registered, in its station's city (employers/scope.ts).
      const station = caller.role === 'station_operator' ? Number(caller.scope) : null
      if (caller.role === 'county_officer' || station !== null) employerManaged(app.db, caller, app.config.cityCode, employerId)
      const checked = checkJob(fields, ctx())
      if (!checked.ok) throw new BadRequestError(`body.${checked.field} ${checked.reason}`)
      if (!managesPlace(app.db, caller, app.config.cityCode, placeOf(checked.content))) {
        throw new BadRequestError(placeRefusal(caller, 'body.regionCode', fields.regionCode))
      }
      const job = q.createJob(app.db, { ...checked.content, employerId, source: station === null ? 'manual' : 'station', stationId: station })
      return reply.status(201).send(view(job))
    },
  )

  app.patch(
    '/jobs/:id',
    {
      config: { access: writers },
      schema: { tags: ['jobs'], summary: 'Change or close a posting', params: IdParams, body: JobPatch, response: { 200: JobView } },
    },
    async (request) => {
      const current = jobManaged(app.db, request.caller, app.config.cityCode, request.params.id)
      const { status, ...patch } = request.body
      // A new place re-derives the partner area unless one is given.
      const base = patch.regionCode && !patch.partnerArea ? { ...fieldsOf(current), partnerArea: undefined } : fieldsOf(current)
      const checked = checkJob({ ...base, ...patch }, ctx(patch.deadline !== undefined))
      if (!checked.ok) throw new BadRequestError(`body.${checked.field} ${checked.reason}`)
      if (!managesPlace(app.db, request.caller, app.config.cityCode, placeOf(checked.content))) {
        throw new BadRequestError(placeRefusal(request.caller, 'body.regionCode', patch.regionCode ?? placeOf(checked.content)))
      }
      const job = q.updateJob(app.db, current.id, { ...checked.content, status })
      if (!job) throw new OpeningsTakenError(current.openings - current.openingsLeft)
      return view(job)
    },
  )

  app.post(
    '/jobs/import',
    {
      // Partner feeds carry postings of many places and employers: the city's (employers/scope.ts).
      config: { access: ['city_admin'] },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['jobs'],
        summary: 'Upsert a partner feed by (source, externalId); bad rows are reported by line',
        body: Type.Object(
          {
            source: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,49}$', description: 'feed name, e.g. suzhou-hr' }),
            format: Type.Enum(feedFormats),
            data: Type.String({ maxLength: 16 * 1024 * 1024, description: 'the file: JSON Lines, or CSV with a header row' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ImportReport },
      },
    },
    async (request) => {
      const { source, format, data } = request.body
      if (source === 'manual') throw new BadRequestError('body.source "manual" 仅用于手工录入的岗位')
      return importFeed({ db: app.db, ...ctx() }, source, feedFromText(format, data))
    },
  )
}

export default routes
