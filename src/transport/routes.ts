import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { recordAudit } from '../auth/audit'
import { areaPrefix } from '../auth/caller'
import { XLSX_TYPE, attachment, xlsxStream } from '../sheets/index'
import { latestForGroups } from '../dispatch/index'
import { BadRequestError, GroupFullError, GroupMismatchError, GroupNotFoundError, GroupStateError, PlacementNotFoundError, PlanNotFoundError } from '../errors'
import { DateString, IdParams, Nullable } from '../http/schemas'
import { geography, transportDesk } from './desk'
import { canLeaveOn, groupSnapshot, reshape } from './groups'
import { buildManifest, manifestHtml, manifestSheet } from './manifest'
import * as q from './queries'
import { groupStatuses, vehicleKinds, type TransportGroup, type TransportPlan } from './schema'
import { dayNumber, shanghaiMinute, shanghaiTime } from '../calendar'

const officials = ['city_admin', 'county_officer'] as const
const MAX_PLAN_DAYS = 92

const Iso = Type.String({ format: 'date-time' })

const GroupView = Type.Object({
  groupId: Type.Integer(),
  version: Type.Integer(),
  status: Type.Enum(groupStatuses),
  planId: Type.Integer(),
  stationId: Type.Integer(),
  stationName: Type.String(),
  vehicle: Type.Object({
    kind: Type.Enum(vehicleKinds),
    capacity: Type.Integer(),
    plate: Type.String({ description: '车牌号 (bus)' }),
    driverName: Type.String(),
    driverPhone: Type.String({ description: 'the driver’s work number' }),
    trainNumber: Type.String({ description: '车次 (train)' }),
    carriage: Type.String({ description: '车厢 (train)' }),
  }),
  escort: Type.Object({ name: Type.String({ description: '带队人' }), phone: Type.String() }),
  departureDate: Type.String(),
  departureAt: Iso,
  arrivalDate: Type.String(),
  stops: Type.Array(
    Type.Object({
      countyCode: Type.String(),
      countyName: Type.String(),
      pickupPoint: Type.String(),
      time: Iso,
      people: Type.Integer(),
    }),
  ),
  seats: Type.Array(
    Type.Object({
      seat: Type.Integer(),
      laborerId: Type.Integer(),
      name: Type.String({ description: 'masked: 王*, 李*明' }),
      gender: Type.String(),
      countyName: Type.String(),
      employer: Type.String(),
      jobTitle: Type.String(),
      startDate: Type.String(),
    }),
  ),
  note: Type.String(),
  delivery: Type.Object({
    state: Type.Enum(['draft', 'written', 'sent', 'delivered']),
    version: Nullable(Type.Integer()),
    writtenAt: Nullable(Iso),
    sentAt: Nullable(Iso),
    deliveredAt: Nullable(Iso),
  }),
  arrivals: Type.Object({ total: Type.Integer(), arrived: Type.Integer(), inTransit: Type.Integer() }),
})

const PlanView = Type.Object({
  id: Type.Integer(),
  scopeCode: Type.String(),
  from: Type.String(),
  to: Type.String(),
  createdAt: Iso,
  quality: Type.Object({
    vehicles: Type.Integer(),
    lowerBound: Type.Integer({ description: 'Σ ceil(people / largest vehicle) per destination and departure day' }),
    ratio: Type.Number({ description: 'vehicles / lowerBound' }),
  }),
  people: Type.Integer(),
  groups: Type.Array(GroupView),
  unassigned: Type.Array(Type.Object({ placementId: Type.Integer(), laborerId: Type.Integer(), reason: Type.String() })),
})

const PlanSummary = Type.Object({
  id: Type.Integer(),
  scopeCode: Type.String(),
  from: Type.String(),
  to: Type.String(),
  createdAt: Iso,
  lowerBound: Type.Integer(),
  unassigned: Type.Integer(),
})

const PhoneOrBlank = Type.String({ pattern: '^(|1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$', description: 'mobile or landline; empty clears it' })
const Words = (maxLength: number, description: string) => Type.String({ maxLength, description })

const ManifestBody = Type.Object(
  {
    vehiclePlate: Type.Optional(Words(16, '车牌号, e.g. 晋H·12345')),
    driverName: Type.Optional(Words(20, '驾驶员')),
    driverPhone: Type.Optional(PhoneOrBlank),
    trainNumber: Type.Optional(Words(16, '车次, e.g. K602')),
    carriage: Type.Optional(Words(20, '车厢, e.g. 8 号车厢')),
    escortName: Type.Optional(Words(20, '带队人')),
    escortPhone: Type.Optional(PhoneOrBlank),
    departureTime: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM Asia/Shanghai on the departure date' })),
  },
  { additionalProperties: false, minProperties: 1 },
)

/** The page answers with its own policy: no script at all, the app's fonts, inline print CSS. */
const PAGE_CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const desk = transportDesk(app)
  const scopeOf = (request: FastifyRequest) => areaPrefix(request.caller, app.config.cityCode)!

  const loadPlan = (request: FastifyRequest, id: number): TransportPlan => {
    const plan = q.getPlan(app.db, id)
    if (!plan || !plan.scopeCode.startsWith(scopeOf(request))) throw new PlanNotFoundError(id)
    return plan
  }

  const loadGroup = (request: FastifyRequest, id: number): TransportGroup => {
    const group = q.getGroup(app.db, id)
    const plan = group && q.getPlan(app.db, group.planId)
    if (!group || !plan || !plan.scopeCode.startsWith(scopeOf(request))) throw new GroupNotFoundError(id)
    return group
  }

  /** Groups as officials see them; with `area`, only the seats of people from that area. */
  const view = (groups: TransportGroup[], area = '') => {
    const ids = groups.map((g) => g.id)
    const seats = q.seatsOf(app.db, ids).filter((s) => s.countyCode.startsWith(area))
    const latest = latestForGroups(app.db, ids)
    const label = desk.names()
    const seatsByGroup = new Map<number, q.SeatDetail[]>()
    for (const seat of seats) {
      const list = seatsByGroup.get(seat.groupId)
      if (list) list.push(seat)
      else seatsByGroup.set(seat.groupId, [seat])
    }
    return groups.map((group) => {
      const own = seatsByGroup.get(group.id) ?? []
      const message = latest.get(group.id)
      const arrived = own.filter((s) => s.arrivedAt !== null).length
      return {
        ...groupSnapshot(group, own, label),
        delivery: {
          state: !message ? ('draft' as const) : message.ackedAt ? ('delivered' as const) : message.sentAt ? ('sent' as const) : ('written' as const),
          version: message?.groupVersion ?? null,
          writtenAt: iso(message?.createdAt ?? null),
          sentAt: iso(message?.sentAt ?? null),
          deliveredAt: iso(message?.ackedAt ?? null),
        },
        arrivals: {
          total: own.length,
          arrived,
          inTransit: own.filter((s) => s.arrivedAt === null && s.transportStatus === 'in_transit').length,
        },
      }
    })
  }

  const planView = (plan: TransportPlan) => {
    const groups = q.groupsOfPlan(app.db, plan.id)
    const live = groups.filter((g) => g.status !== 'cancelled')
    const groupViews = view(groups)
    const vehicles = live.length
    return {
      id: plan.id,
      scopeCode: plan.scopeCode,
      from: plan.fromDate,
      to: plan.toDate,
      createdAt: iso(plan.createdAt)!,
      quality: {
        vehicles,
        lowerBound: plan.lowerBound,
        ratio: plan.lowerBound === 0 ? 1 : Math.round((vehicles / plan.lowerBound) * 1000) / 1000,
      },
      people: groupViews.reduce((n, g) => n + g.seats.length, 0),
      groups: groupViews,
      unassigned: plan.unassigned,
    }
  }

  const { change, destinationOf, refit, cancel, confirm, movers, names } = desk

  const assertChangeable = (group: TransportGroup) => {
    if (group.status === 'cancelled') throw new GroupStateError(`乘车组 ${group.id} 已取消`)
    if (q.seatsOf(app.db, [group.id]).some((s) => s.arrivedAt !== null)) {
      throw new GroupStateError(`乘车组 ${group.id} 已到达，不能再改动`)
    }
  }

  app.post(
    '/transport/plans',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Group the placements awaiting organized travel (the caller’s area) into vehicles for a date range',
        body: Type.Object({ from: DateString, to: DateString }, { additionalProperties: false }),
        response: { 201: PlanView },
      },
    },
    async (request, reply) => {
      const { from, to } = request.body
      const span = dayNumber(to) - dayNumber(from)
      if (!(span >= 0 && span < MAX_PLAN_DAYS)) {
        throw new BadRequestError(`body.to 必须不早于 body.from，且相隔不超过 ${MAX_PLAN_DAYS} 天`)
      }
      const plan = desk.draftPlan(scopeOf(request), from, to, request.caller.tokenId)
      return reply.status(201).send(planView(plan))
    },
  )

  app.get(
    '/transport/plans',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Transport plans of the caller’s area, newest first',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: Type.Array(PlanSummary) },
      },
    },
    async (request) =>
      q.listPlans(app.db, scopeOf(request), request.query.limit).map((p) => ({
        id: p.id,
        scopeCode: p.scopeCode,
        from: p.fromDate,
        to: p.toDate,
        createdAt: iso(p.createdAt)!,
        lowerBound: p.lowerBound,
        unassigned: p.unassigned.length,
      })),
  )

  app.get(
    '/transport/plans/:id',
    {
      config: { access: officials },
      schema: { tags: ['transport'], summary: 'A plan: groups, seats, delivery state, quality', params: IdParams, response: { 200: PlanView } },
    },
    async (request) => planView(loadPlan(request, request.params.id)),
  )

  app.post(
    '/transport/plans/:id/confirm',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Confirm every draft group of a plan: each is dispatched to its station',
        params: IdParams,
        response: { 200: PlanView },
      },
    },
    async (request) => {
      const plan = loadPlan(request, request.params.id)
      desk.confirmPlan(plan)
      return planView(plan)
    },
  )

  app.get(
    '/transport/groups',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'The latest groups concerning the caller’s area (its plans’ groups, and city-wide groups stopping for or carrying its people), by departure; seats of the caller’s area only',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(GroupView) },
      },
    },
    async (request) => {
      const area = scopeOf(request)
      return view(q.recentGroupsInArea(app.db, area, request.query.limit), area)
    },
  )

  app.get(
    '/transport/groups/:id',
    {
      config: { access: officials },
      schema: { tags: ['transport'], summary: 'One group with its delivery and arrival state', params: IdParams, response: { 200: GroupView } },
    },
    async (request) => view([loadGroup(request, request.params.id)])[0],
  )

  app.post(
    '/transport/groups/:id/confirm',
    {
      config: { access: officials },
      schema: { tags: ['transport'], summary: 'Confirm a draft group: dispatch it to its station', params: IdParams, response: { 200: GroupView } },
    },
    async (request) => {
      const group = loadGroup(request, request.params.id)
      if (group.status !== 'draft') throw new GroupStateError(`乘车组 ${group.id} 当前为 ${group.status}，不是草稿`)
      change((touched) => confirm(group, touched))
      return view([q.getGroup(app.db, group.id)!])[0]
    },
  )

  app.patch(
    '/transport/groups/:id/manifest',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Edit the manifest details (vehicle plate, driver, train and carriage, escort, departure time) until departure; a confirmed group’s station gets the new version',
        params: IdParams,
        body: ManifestBody,
        response: { 200: GroupView },
      },
    },
    async (request) => {
      const group = loadGroup(request, request.params.id)
      assertChangeable(group)
      if (Date.now() >= group.departureAt) {
        throw new GroupStateError(`乘车组 ${group.id} 已于 ${shanghaiMinute(group.departureAt)} 出发，乘车名单不能再改`)
      }
      const { departureTime, ...fields } = request.body
      const patch: Parameters<typeof desk.editManifest>[1] = {}
      for (const [key, value] of Object.entries(fields)) patch[key as keyof typeof fields] = value.trim()
      if (departureTime) {
        const [hour, minute] = departureTime.split(':').map(Number)
        patch.departureAt = shanghaiTime(group.departureDate, hour) + minute * 60_000
        if (patch.departureAt <= Date.now()) throw new BadRequestError('body.departureTime 已经过去')
      }
      desk.editManifest(group, patch)
      return view([q.getGroup(app.db, group.id)!])[0]
    },
  )

  app.get(
    '/transport/groups/:id/manifest',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'The passenger list (乘车名单) as an A4 print page (HTML) or .xlsx',
        description:
          'Seat order, full names, gender, village and masked phone. `reveal=true&reason=…` gives the real-name ticketing version with full ID numbers (audit-logged). Stations receive masked names only.',
        params: IdParams,
        querystring: Type.Object(
          {
            format: Type.Optional(Type.Enum(['html', 'xlsx'])),
            reveal: Type.Optional(Type.Boolean({ description: 'the real-name version: full ID numbers (audit-logged)' })),
            reason: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const group = loadGroup(request, request.params.id)
      const reveal = Boolean(request.query.reveal)
      if (reveal) {
        const reason = request.query.reason?.trim()
        if (!reason || reason.length < 2) throw new BadRequestError('querystring.reason 为必填项（reveal=true 时）')
        recordAudit(app.db, request.caller, { action: 'reveal_pii', subjectType: 'transport_group', subjectId: group.id, reason })
      }
      const label = desk.names()
      const centers = q.countyCenterPoints(app.db)
      const station = q.stationOf(app.db, group.stationId) ?? { name: label.station(group.stationId), address: '', contactName: '', contactPhone: '' }
      const manifest = buildManifest({
        group,
        station,
        pickups: group.stops.map((s) => ({
          countyName: label.county(s.countyCode),
          point: label.pickupPoint(s.countyCode),
          address: centers.get(s.countyCode)?.address ?? '',
          at: group.departureAt + s.offsetMinutes * 60_000,
          people: s.people,
        })),
        passengers: q.manifestSeats(app.db, group.id).map((p) => ({
          name: p.name,
          gender: p.gender,
          village: `${app.regions.get(p.villageCode.slice(0, 9))?.name ?? ''}${app.regions.get(p.villageCode)?.name ?? ''}`,
          phone: p.phoneMasked,
          idNumber: reveal ? app.pii.decrypt(p.idCipher) : undefined,
        })),
        realName: reveal,
      })
      reply.header('cache-control', 'no-store')
      if (request.query.format === 'xlsx') {
        const file = `${reveal ? '实名制' : ''}乘车名单-第${group.id}组-${group.departureDate}.xlsx`
        return reply.type(XLSX_TYPE).header('content-disposition', attachment(file)).send(xlsxStream(manifestSheet(manifest)))
      }
      return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(manifestHtml(manifest))
    },
  )

  app.post(
    '/transport/groups/:id/move',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Move one laborer (by placement) to another group to the same station',
        params: IdParams,
        body: Type.Object({ placementId: Type.Integer({ minimum: 1 }), toGroupId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ from: GroupView, to: GroupView }) },
      },
    },
    async (request) => {
      const source = loadGroup(request, request.params.id)
      const target = loadGroup(request, request.body.toGroupId)
      const { placementId } = request.body
      if (!q.seatsOf(app.db, [source.id]).some((s) => s.placementId === placementId)) {
        throw new PlacementNotFoundError(`${placementId}（乘车组 ${source.id}）`)
      }
      if (source.id === target.id) throw new BadRequestError('body.toGroupId 就是该劳动力现在所在的乘车组')
      assertChangeable(source)
      assertChangeable(target)
      if (source.stationId !== target.stationId) throw new GroupMismatchError(`乘车组 ${target.id} 去往另一个服务站`)
      const destination = destinationOf(target)
      if (q.seatsOf(app.db, [target.id]).length + 1 > destination.vehicles[0].capacity) throw new GroupFullError(`乘车组 ${target.id} 已满`)
      const [traveller] = q.travellersOf(app.db, [placementId])
      if (!canLeaveOn(traveller, target.departureDate, destination)) {
        throw new GroupMismatchError(`上岗记录 ${placementId} 在 ${target.departureDate} 出发赶不上 ${traveller.startDate} 上岗`)
      }
      change((touched) => {
        const [who] = movers(source.id, [placementId])
        q.moveSeats(app.db, [placementId], target.id)
        refit(source, touched, { movedOut: [{ ...who, toGroupId: target.id }] })
        refit(target, touched, { movedIn: [{ ...who, fromGroupId: source.id }] })
      })
      const [from, to] = view([q.getGroup(app.db, source.id)!, q.getGroup(app.db, target.id)!])
      return { from, to }
    },
  )

  app.post(
    '/transport/groups/:id/split',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Split the listed laborers (by placement) off into a new group on the same day',
        params: IdParams,
        body: Type.Object(
          { placementIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ from: GroupView, to: GroupView }) },
      },
    },
    async (request) => {
      const group = loadGroup(request, request.params.id)
      assertChangeable(group)
      const onBoard = new Set(q.seatsOf(app.db, [group.id]).map((s) => s.placementId))
      const { placementIds } = request.body
      const strangers = placementIds.filter((id) => !onBoard.has(id))
      if (strangers.length > 0) throw new PlacementNotFoundError(`${strangers.join('、')}（乘车组 ${group.id}）`)
      if (placementIds.length === onBoard.size) throw new BadRequestError('body.placementIds 不能把组里的人全部移走')
      const created = change((touched) => {
        const travellers = q.travellersOf(app.db, placementIds)
        const { vehicle, stops } = reshape(travellers, destinationOf(group), geography)
        const fresh = q.addGroup(app.db, group.planId, {
          stationId: group.stationId,
          vehicleKind: vehicle.kind,
          capacity: vehicle.capacity,
          departureDate: group.departureDate,
          departureAt: group.departureAt,
          arrivalDate: group.arrivalDate,
          stops,
          seats: [],
        }, 'draft')
        const who = movers(group.id, placementIds)
        q.moveSeats(app.db, placementIds, fresh.id)
        refit(group, touched, { movedOut: who.map((w) => ({ ...w, toGroupId: fresh.id })) })
        if (group.status === 'confirmed') confirm(fresh, touched, { movedIn: who.map((w) => ({ ...w, fromGroupId: group.id })) })
        return fresh
      })
      const [from, to] = view([q.getGroup(app.db, group.id)!, q.getGroup(app.db, created.id)!])
      return { from, to }
    },
  )

  app.post(
    '/transport/groups/:id/merge',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Merge another group (same station, same day, same status) into this one',
        params: IdParams,
        body: Type.Object({ groupId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: GroupView },
      },
    },
    async (request) => {
      const target = loadGroup(request, request.params.id)
      const other = loadGroup(request, request.body.groupId)
      if (target.id === other.id) throw new BadRequestError('body.groupId 必须是另一个乘车组')
      assertChangeable(target)
      assertChangeable(other)
      if (target.stationId !== other.stationId || target.departureDate !== other.departureDate || target.status !== other.status) {
        throw new GroupMismatchError('只有去往同一服务站、同一天出发且状态相同的乘车组才能合并')
      }
      const moving = q.seatsOf(app.db, [other.id]).map((s) => s.placementId)
      if (q.seatsOf(app.db, [target.id]).length + moving.length > destinationOf(target).vehicles[0].capacity) {
        throw new GroupFullError('合并后的乘车组超过最大车辆的座位数')
      }
      change((touched) => {
        const wereOnBoard = groupSnapshot(other, q.seatsOf(app.db, [other.id]), names()).seats
        const who = movers(other.id, moving)
        q.moveSeats(app.db, moving, target.id)
        cancel(other, `已并入第 ${target.id} 组`, touched, { wereOnBoard, movedToGroupId: target.id })
        refit(target, touched, { movedIn: who.map((w) => ({ ...w, fromGroupId: other.id })) })
      })
      return view([q.getGroup(app.db, target.id)!])[0]
    },
  )

  app.post(
    '/transport/groups/:id/cancel',
    {
      config: { access: officials },
      schema: {
        tags: ['transport'],
        summary: 'Cancel a group; its laborers wait for the next plan and a confirmed group’s station is told',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
        response: { 200: GroupView },
      },
    },
    async (request) => {
      const group = loadGroup(request, request.params.id)
      assertChangeable(group)
      change((touched) => cancel(group, request.body.reason, touched))
      return view([q.getGroup(app.db, group.id)!])[0]
    },
  )
}

export default routes
