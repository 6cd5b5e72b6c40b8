import { shanghaiMinute } from '../calendar'
export const alertKinds = ['group_unacked', 'station_offline', 'arrival_overdue', 'monitored_unemployed', 'monitored_job_lost', 'monitored_rights_case'] as const
export type AlertKind = (typeof alertKinds)[number]

export interface Alert {
  kind: AlertKind
  severity: 'warning' | 'critical'
  /** When the condition crossed its threshold. */
  since: number
  message: string
  stationId: number | null
  groupId: number | null
  /** Household alerts: the laborer concerned, and their township (townships see them too). */
  laborerId?: number | null
  townshipCode?: string | null
  /** Counties whose officials see it (the city sees every alert). */
  countyCodes: string[]
  count: number
}

export interface AlertFacts {
  now: number
  unackedBeforeDepartureMs: number
  stationOfflineMs: number
  arrivalOverdueMs: number
  groups: {
    id: number
    stationId: number
    departureAt: number
    /** Epoch ms at which the group should have arrived (end of its arrival day). */
    expectedArrivalAt: number
    countyCodes: string[]
    /** Has the station acked the newest message about this group? */
    delivered: boolean
    unarrived: { countyCode: string; n: number }[]
  }[]
  stations: {
    id: number
    name: string
    online: boolean
    /** Null when it never connected. */
    disconnectedAt: number | null
    pending: number
    oldestPendingAt: number | null
  }[]
}

const minutes = (ms: number) => Math.round(ms / 60_000)

/**
 * Nothing expires from a station's log, so what would have been silently dropped
 * elsewhere is escalated instead: to the counties whose people are concerned, and the city.
 */
export function raiseAlerts(facts: AlertFacts): Alert[] {
  const alerts: Alert[] = []
  const countiesOfStation = new Map<number, Set<string>>()
  for (const group of facts.groups) {
    if (group.unarrived.length === 0) continue
    const set = countiesOfStation.get(group.stationId) ?? new Set<string>()
    group.countyCodes.forEach((c) => set.add(c))
    countiesOfStation.set(group.stationId, set)

    const warnFrom = group.departureAt - facts.unackedBeforeDepartureMs
    if (!group.delivered && facts.now >= warnFrom) {
      const late = facts.now >= group.departureAt
      alerts.push({
        kind: 'group_unacked',
        severity: late ? 'critical' : 'warning',
        since: warnFrom,
        message: late
          ? `第${group.id}组已于${shanghaiMinute(group.departureAt)}发车，工作站仍未确认收到`
          : `第${group.id}组将于${minutes(group.departureAt - facts.now)}分钟后发车，工作站仍未确认收到`,
        stationId: group.stationId,
        groupId: group.id,
        countyCodes: group.countyCodes,
        count: group.unarrived.reduce((n, u) => n + u.n, 0),
      })
    }
    const overdueFrom = group.expectedArrivalAt + facts.arrivalOverdueMs
    if (facts.now >= overdueFrom) {
      for (const { countyCode, n } of group.unarrived) {
        alerts.push({
          kind: 'arrival_overdue',
          severity: 'critical',
          since: overdueFrom,
          message: `第${group.id}组有${n}人超过预计到达时间仍未报到`,
          stationId: group.stationId,
          groupId: group.id,
          countyCodes: [countyCode],
          count: n,
        })
      }
    }
  }
  for (const station of facts.stations) {
    if (station.online || station.pending === 0) continue
    const offlineSince = station.disconnectedAt ?? station.oldestPendingAt
    if (offlineSince === null || facts.now - offlineSince < facts.stationOfflineMs) continue
    alerts.push({
      kind: 'station_offline',
      severity: 'warning',
      since: offlineSince + facts.stationOfflineMs,
      message: `${station.name}已离线${minutes(facts.now - offlineSince)}分钟，有${station.pending}条调度消息未确认`,
      stationId: station.id,
      groupId: null,
      countyCodes: [...(countiesOfStation.get(station.id) ?? [])].sort(),
      count: station.pending,
    })
  }
  return alerts.sort((a, b) => a.since - b.since || (a.stationId ?? 0) - (b.stationId ?? 0))
}
