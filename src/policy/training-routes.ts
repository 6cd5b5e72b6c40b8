import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { Type } from 'typebox'
import { areaPrefix, type Caller } from '../auth/caller'
import { shanghaiToday } from '../calendar'
import { CourseNotFoundError, OutOfScopeError, rateLimitError, ServicePointNotFoundError } from '../errors'
import { IdParams, Nullable } from '../http/schemas'
import { getServicePoint } from '../network/index'
import * as q from './queries'
import type { CourseMode } from './schema'
import { regionVisible } from './scope'
import { courseArea, coverageByTownship, untrainedWishers, upcomingCourses, wishersFor, wishMatches, type CoverageRow } from './training'

const officials = ['city_admin', 'county_officer', 'township_staff', 'village_agent'] as const
const povertyNames: Record<string, string> = { poverty_alleviated: '脱贫户', monitored: '防返贫监测对象', ordinary: '一般农户' }
const modeNames: Record<CourseMode, string> = { open: '普通培训', order: '订单式培训', directed: '定向式培训' }

const Person = Type.Object({
  laborerId: Type.Integer(),
  name: Type.String(),
  village: Type.String(),
  poverty: Type.String(),
  wishes: Type.Array(Type.String()),
})
const Upcoming = Type.Object({
  id: Type.Integer(),
  occupation: Type.String(),
  provider: Type.String(),
  place: Type.String(),
  startDate: Type.String(),
  endDate: Type.String(),
  days: Type.Integer(),
  seatsLeft: Nullable(Type.Integer(), { description: 'null: not limited' }),
  modeName: Type.String(),
})
const CoverageView = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  level: Type.Enum(['city', 'county', 'township']),
  wanted: Type.Integer({ description: 'laborers with a training wish' }),
  wantedEnrolled: Type.Integer({ description: 'of them, enrolled in a course of the year' }),
  gap: Type.Integer({ description: 'wanted training and got none this year (愿培尽培 gap)' }),
  enrolled: Type.Integer(),
  completed: Type.Integer(),
  certified: Type.Integer(),
  employedWithin90: Type.Integer({ description: 'completed and found work within 90 days (what the provider’s 80% rule reads)' }),
  employedPercent: Nullable(Type.Integer(), { description: 'employedWithin90 / completed, whole percent' }),
})

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode
  await app.register(rateLimit, { max: app.config.searchRateLimit, timeWindow: 60_000, errorResponseBuilder: rateLimitError })
  const name = (code: string) => app.regions.get(code)?.name ?? code
  const placeOf = (code: string) => [code.slice(0, 6), code.length >= 9 ? code.slice(0, 9) : null].filter((c): c is string => c !== null).map(name).join('')
  const person = (l: { id: number; name: string; villageCode: string; povertyStatus: string; trainingWishes: string[] }) => ({
    laborerId: l.id,
    name: l.name,
    village: `${name(l.villageCode.slice(0, 9))}${name(l.villageCode)}`,
    poverty: povertyNames[l.povertyStatus] ?? '',
    wishes: l.trainingWishes,
  })
  const upcomingView = (c: ReturnType<typeof upcomingCourses>[number]) => ({
    ...c,
    provider: c.providerName,
    place: placeOf(courseArea(c, c.providerRegion)),
    seatsLeft: c.seats === null ? null : Math.max(0, c.seats - c.enrolled),
    modeName: modeNames[c.mode],
  })
  const areaOf = (caller: Caller, asked?: string) => {
    const own = areaPrefix(caller, city)!
    if (!asked) return own
    if (!asked.startsWith(own)) throw new OutOfScopeError(`query.area ${asked}`)
    return asked
  }

  app.get(
    '/training/courses/:id/proposals',
    {
      config: { access: officials },
      schema: {
        tags: ['training'],
        summary: 'Laborers of your area whose training wish matches the course and who are not in it (for the provider), poverty first',
        params: IdParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ courseId: Type.Integer(), occupation: Type.String(), place: Type.String(), people: Type.Array(Person) }) },
      },
    },
    async (request) => {
      const course = q.getCourse(app.db, request.params.id)
      const provider = course && q.getProvider(app.db, course.providerId)
      if (!course || !provider) throw new CourseNotFoundError(request.params.id)
      const area = courseArea(course, provider.regionCode)
      const own = areaPrefix(request.caller, city)!
      // The course's area and the caller's, whichever is narrower; none in common answers like a missing course.
      const prefix = area.startsWith(own) ? area : own.startsWith(area) ? own : null
      if (!prefix || !regionVisible(request.caller, city, prefix)) throw new CourseNotFoundError(request.params.id)
      return { courseId: course.id, occupation: course.occupation, place: placeOf(area), people: wishersFor(app.db, prefix, course.occupation, course.id, request.query.limit).map(person) }
    },
  )

  app.get(
    '/training/gap',
    {
      config: { access: officials },
      schema: {
        tags: ['training'],
        summary: '愿培尽培 by name: laborers of your area (a village agent: the village) who wanted training and were never enrolled, with the courses coming up that match',
        querystring: Type.Object(
          { area: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Type.Object({ ...Person.properties, courses: Type.Array(Upcoming) })) },
      },
    },
    async (request) => {
      const prefix = areaOf(request.caller, request.query.area)
      const courses = upcomingCourses(app.db, prefix, shanghaiToday(), 200).map(upcomingView)
      const byId = new Map(upcomingCourses(app.db, prefix, shanghaiToday(), 200).map((c) => [c.id, c]))
      return untrainedWishers(app.db, prefix, request.query.limit).map((l) => ({
        ...person(l),
        courses: courses.filter((c) => {
          const raw = byId.get(c.id)!
          const area = courseArea(raw, raw.providerRegion)
          return l.villageCode.startsWith(area) && l.trainingWishes.some((w) => wishMatches(w, c.occupation))
        }),
      }))
    },
  )

  app.get(
    '/training/coverage',
    {
      config: { access: officials },
      schema: {
        tags: ['training'],
        summary: 'Training coverage per county and township: wanted, enrolled, completed, certified, employed within 90 days, the gap',
        querystring: Type.Object(
          { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), area: Type.Optional(Type.String({ pattern: '^[0-9]{4,9}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ year: Type.Integer(), rows: Type.Array(CoverageView) }) },
      },
    },
    async (request) => {
      const year = request.query.year ?? Number(shanghaiToday().slice(0, 4))
      const prefix = areaOf(request.caller, request.query.area)
      const townships = coverageByTownship(app.sqlite, prefix, `${year}-01-01`, `${year}-12-31`)
      const sum = (code: string, level: 'city' | 'county' | 'township', rows: CoverageRow[]) => {
        const total = rows.reduce(
          (t, r) => ({
            wanted: t.wanted + r.wanted,
            wantedEnrolled: t.wantedEnrolled + r.wantedEnrolled,
            enrolled: t.enrolled + r.enrolled,
            completed: t.completed + r.completed,
            certified: t.certified + r.certified,
            employedWithin90: t.employedWithin90 + r.employedWithin90,
          }),
          { wanted: 0, wantedEnrolled: 0, enrolled: 0, completed: 0, certified: 0, employedWithin90: 0 },
        )
        return {
          regionCode: code,
          regionName: name(code),
          level,
          ...total,
          gap: total.wanted - total.wantedEnrolled,
          employedPercent: total.completed ? Math.floor((total.employedWithin90 * 100) / total.completed) : null,
        }
      }
      const rows = []
      if (prefix.length <= 4) rows.push(sum(prefix, 'city', townships))
      const counties = [...new Set(townships.map((r) => r.countyCode))]
      for (const county of counties) {
        const own = townships.filter((r) => r.countyCode === county)
        if (prefix.length <= 6) rows.push(sum(county, 'county', own))
        for (const t of own) rows.push(sum(t.townshipCode, 'township', [t]))
      }
      return { year, rows }
    },
  )

  app.get(
    '/kiosk/training',
    {
      config: { access: 'public' },
      schema: {
        tags: ['kiosk'],
        summary: 'Courses coming up in the county where the kiosk stands, with seats left (public)',
        security: [],
        querystring: Type.Object({ point: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(Upcoming) },
      },
    },
    async (request) => {
      const point = getServicePoint(app.db, request.query.point)
      if (!point || point.level === 'village' || !point.regionCode.startsWith(city)) throw new ServicePointNotFoundError(request.query.point)
      return upcomingCourses(app.db, point.regionCode.slice(0, 6), shanghaiToday(), 50).map(upcomingView)
    },
  )
}

export default routes
