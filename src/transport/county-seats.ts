/**
 * Where the county employment centers are (county seats, approximate WGS-84), for the
 * pickup order of a vehicle and for packing remainders with neighbouring counties.
 * Counties missing here (another city configured) are treated as sitting at the hub.
 */
const seats: Record<string, [lat: number, lon: number]> = {
  '140902': [38.417, 112.734], // 忻府区: the city, where every road out starts
  '140921': [38.474, 112.957], // 定襄县
  '140922': [38.728, 113.255], // 五台县
  '140923': [39.067, 112.96], // 代县
  '140924': [39.189, 113.266], // 繁峙县
  '140925': [39.001, 112.304], // 宁武县
  '140926': [38.359, 111.94], // 静乐县
  '140927': [39.091, 112.211], // 神池县
  '140928': [38.91, 111.847], // 五寨县
  '140929': [38.705, 111.573], // 岢岚县
  '140930': [39.385, 111.138], // 河曲县
  '140931': [39.023, 111.086], // 保德县
  '140932': [39.437, 111.508], // 偏关县
  '140971': [39.02, 113.59], // 五台山风景名胜区
  '140981': [38.731, 112.706], // 原平市
}
const hub = seats['140902']

/** Road distance is roughly 1.3 × the great-circle distance in these mountains. */
const ROAD_FACTOR = 1.3
const KMH = 50
const DWELL_MINUTES = 15

function km(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180
  const dLat = (b[0] - a[0]) * rad
  const dLon = (b[1] - a[1]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

const where = (code: string): [number, number] => seats[code] ?? hub

/**
 * Counties in a ring around the hub, starting after the widest empty sector, so that
 * neighbours in the list are neighbours on the map.
 */
export function sweepOrder(codes: string[]): string[] {
  const angle = (code: string) => {
    const [lat, lon] = where(code)
    return lat === hub[0] && lon === hub[1] ? Infinity : Math.atan2(lat - hub[0], lon - hub[1])
  }
  const ring = codes.filter((c) => angle(c) !== Infinity).sort((a, b) => angle(a) - angle(b) || a.localeCompare(b))
  const centre = codes.filter((c) => angle(c) === Infinity).sort()
  let start = 0
  let widest = -1
  ring.forEach((code, i) => {
    const previous = ring[(i - 1 + ring.length) % ring.length]
    const gap = (angle(code) - angle(previous) + 2 * Math.PI) % (2 * Math.PI) || 2 * Math.PI
    if (gap > widest) {
      widest = gap
      start = i
    }
  })
  return [...ring.slice(start), ...ring.slice(0, start), ...centre]
}

/**
 * Pickup order: the farthest county first, then towards the hub, where the road out of
 * the city begins; minutes after departure for each stop.
 */
export function pickupRoute(codes: string[]): { countyCode: string; offsetMinutes: number }[] {
  const ordered = [...codes].sort((a, b) => km(where(b), hub) - km(where(a), hub) || a.localeCompare(b))
  let minutes = 0
  return ordered.map((countyCode, i) => {
    if (i > 0) minutes += DWELL_MINUTES + Math.round((km(where(ordered[i - 1]), where(countyCode)) * ROAD_FACTOR * 60) / KMH)
    return { countyCode, offsetMinutes: minutes }
  })
}
