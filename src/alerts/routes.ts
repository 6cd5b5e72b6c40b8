import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Nullable } from '../http/schemas'
import { latestForGroups, pendingByStation, stationLinkList } from '../dispatch/index'
import { openGroups, stationNames, unarrivedSeats } from '../transport/index'
import { alertKinds, raiseAlerts, type Alert } from './alerts'
import { householdAlerts } from '../employments/index'
import { monitoredRightsAlerts } from '../rights/index'
import { rightsCaseStatusLabels, rightsCaseTypeLabels } from '../rights/schema'
import { areaPrefix } from '../auth/caller'
import { shanghaiToday, shanghaiTime } from '../calendar'

const AlertView = Type.Object({
  kind: Type.Enum(alertKinds),
  severity: Type.Enum(['warning', 'critical']),
  since: Type.String({ format: 'date-time' }),
  message: Type.String(),
  stationId: Nullable(Type.Integer()),
  groupId: Nullable(Type.Integer()),
  laborerId: Nullable(Type.Integer({ description: 'household alerts (防返贫监测对象): the laborer' })),
  townshipCode: Nullable(Type.String()),
  countyCodes: Type.Array(Type.String()),
  count: Type.Integer(),
})

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/alerts',
    {
      config: { access: ['city_admin', 'county_officer', 'township_staff'] },
      schema: {
        tags: ['dispatch'],
        summary: 'Groups unacked close to departure, stations offline with pending messages, laborers overdue; monitored households (防返贫监测对象) unemployed over 30 days or whose job ended with 欠薪/工伤 (until a visit), or with an open 欠薪/工伤 rights case (维权)',
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
      const township = request.caller.role === 'township_staff' ? request.caller.scope! : null
      const area = areaPrefix(request.caller, app.config.cityCode)!
      const households: Alert[] = householdAlerts(app.db, area, shanghaiToday()).map((h) => ({
        kind: h.kind,
        severity: h.kind === 'monitored_job_lost' ? 'critical' : 'warning',
        since: shanghaiTime(h.since, 0),
        message:
          h.kind === 'monitored_job_lost'
            ? `监测对象${h.name}于${h.since}因${h.endReason === 'injury' ? '工伤' : '欠薪'}结束务工，尚未回访`
            : `监测对象${h.name}自${h.since}起未就业已超过30天`,
        stationId: null,
        groupId: null,
        laborerId: h.laborerId,
        townshipCode: h.townshipCode,
        countyCodes: [h.countyCode],
        count: 1,
      }))
      // An open 欠薪 or 工伤 case of a monitored laborer (维权): critical until it is resolved.
      const rights: Alert[] = monitoredRightsAlerts(app.db, area).map((r) => ({
        kind: 'monitored_rights_case',
        severity: 'critical',
        since: shanghaiTime(r.openedDate, 0),
        message: `监测对象${r.name}的${rightsCaseTypeLabels[r.type]}维权案件（第${r.caseId}号）${rightsCaseStatusLabels[r.status]}，尚未解决`,
        stationId: null,
        groupId: null,
        laborerId: r.laborerId,
        townshipCode: r.townshipCode,
        countyCodes: [r.countyCode],
        count: 1,
      }))
      return [...(township === null ? alerts : []), ...households, ...rights]
        .filter((a) => county === null || a.countyCodes.includes(county))
        .map((a) => ({ ...a, laborerId: a.laborerId ?? null, townshipCode: a.townshipCode ?? null, since: new Date(a.since).toISOString() }))
    },
  )
}

export default routes
