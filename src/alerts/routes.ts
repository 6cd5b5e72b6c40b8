import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Nullable } from '../http/schemas'
import { latestForGroups, pendingByStation, stationLinkList } from '../dispatch/index'
import { openGroups, stationNames, unarrivedSeats } from '../transport/index'
import { alertKinds, raiseAlerts } from './alerts'
import { shanghaiTime } from '../calendar'

const AlertView = Type.Object({
  kind: Type.Enum(alertKinds),
  severity: Type.Enum(['warning', 'critical']),
  since: Type.String({ format: 'date-time' }),
  message: Type.String(),
  stationId: Type.Integer(),
  groupId: Nullable(Type.Integer()),
  countyCodes: Type.Array(Type.String()),
  count: Type.Integer(),
})

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/alerts',
    {
      config: { access: ['city_admin', 'county_officer'] },
      schema: {
        tags: ['dispatch'],
        summary: 'Groups unacked close to departure, stations offline with pending messages, laborers overdue',
        response: { 200: Type.Array(AlertView) },
      },
    },
    async (request) => {
      const settings = app.config.alerts
      const groups = openGroups(app.db)
      const ids = groups.map((g) => g.id)
      const latest = latestForGroups(app.db, ids)
      const unarrived = new Map<number, { countyCode: string; n: number }[]>()
      for (const row of unarrivedSeats(app.db, ids)) unarrived.set(row.groupId, [...(unarrived.get(row.groupId) ?? []), row])
      const links = new Map(stationLinkList(app.db).map((l) => [l.stationId, l]))
      const pending = new Map(pendingByStation(app.db).map((p) => [p.stationId, p]))
      const alerts = raiseAlerts({
        now: Date.now(),
        unackedBeforeDepartureMs: settings.unackedBeforeDepartureMs,
        stationOfflineMs: settings.stationOfflineMs,
        arrivalOverdueMs: settings.arrivalOverdueMs,
        groups: groups.map((g) => ({
          id: g.id,
          stationId: g.stationId,
          departureAt: g.departureAt,
          expectedArrivalAt: shanghaiTime(g.arrivalDate, 24),
          countyCodes: g.stops.map((s) => s.countyCode),
          delivered: latest.get(g.id)?.ackedAt != null,
          unarrived: unarrived.get(g.id) ?? [],
        })),
        stations: stationNames(app.db).map(([id, name]) => ({
          id,
          name,
          online: app.dispatch.isOnline(id),
          disconnectedAt: links.get(id)?.disconnectedAt ?? null,
          pending: pending.get(id)?.pending ?? 0,
          oldestPendingAt: pending.get(id)?.oldestAt ?? null,
        })),
      })
      const county = request.caller.role === 'county_officer' ? request.caller.scope! : null
      return alerts
        .filter((a) => county === null || a.countyCodes.includes(county))
        .map((a) => ({ ...a, since: new Date(a.since).toISOString() }))
    },
  )
}

export default routes
