import type { Cell, SheetSpec } from '../sheets/index'
import type { TransportGroup } from './schema'
import { shanghaiMinute } from '../calendar'

/**
 * The passenger list (乘车名单) of a point-to-point group: what the county prints for the
 * bus door and the escort carries. Everything in Chinese, times in Asia/Shanghai.
 */
export interface Manifest {
  groupId: number
  version: number
  status: string
  departureDate: string
  departureTime: string
  arrivalDate: string
  station: { name: string; address: string; contact: string }
  vehicle: { kind: string; capacity: number; plate: string; driver: string; trainNumber: string; carriage: string }
  escort: { name: string; phone: string }
  pickups: { county: string; point: string; address: string; time: string; people: number }[]
  passengers: { seat: number; name: string; gender: string; village: string; phone: string; idNumber?: string }[]
  /** The real-name ticketing version: full ID numbers (audit-logged). */
  realName: boolean
  printedAt: string
}

const statusWords: Record<TransportGroup['status'], string> = { draft: '草稿（未确认）', confirmed: '已确认', cancelled: '已取消' }
const kindWords = { bus: '大巴', train: '火车' } as const


export interface ManifestSource {
  group: TransportGroup
  station: { name: string; address: string; contactName: string; contactPhone: string }
  pickups: { countyName: string; point: string; address: string; at: number; people: number }[]
  passengers: { name: string; gender: string; village: string; phone: string; idNumber?: string }[]
  realName: boolean
  now?: number
}

export function buildManifest(source: ManifestSource): Manifest {
  const { group, station } = source
  const contact = [station.contactName, station.contactPhone].filter(Boolean).join(' ')
  return {
    groupId: group.id,
    version: group.version,
    status: statusWords[group.status],
    departureDate: group.departureDate,
    departureTime: shanghaiMinute(group.departureAt).slice(11),
    arrivalDate: group.arrivalDate,
    station: { name: station.name, address: station.address, contact },
    vehicle: {
      kind: kindWords[group.vehicleKind],
      capacity: group.capacity,
      plate: group.vehiclePlate,
      driver: [group.driverName, group.driverPhone].filter(Boolean).join(' '),
      trainNumber: group.trainNumber,
      carriage: group.carriage,
    },
    escort: { name: group.escortName, phone: group.escortPhone },
    pickups: source.pickups.map((p) => ({ county: p.countyName, point: p.point, address: p.address, time: shanghaiMinute(p.at).slice(11), people: p.people })),
    passengers: source.passengers.map((p, i) => ({
      seat: i + 1,
      name: p.name,
      gender: p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : p.gender,
      village: p.village,
      phone: p.phone,
      ...(source.realName ? { idNumber: p.idNumber } : {}),
    })),
    realName: source.realName,
    printedAt: shanghaiMinute(source.now ?? Date.now()),
  }
}

const blank = (s: string) => s || '（未填）'

function vehicleLine(m: Manifest): string {
  if (m.vehicle.kind === '火车') return `火车　车次 ${blank(m.vehicle.trainNumber)}　车厢 ${blank(m.vehicle.carriage)}　座位 ${m.vehicle.capacity} 个`
  return `大巴（${m.vehicle.capacity} 座）　车牌号 ${blank(m.vehicle.plate)}　驾驶员 ${blank(m.vehicle.driver)}`
}

/** The facts above the passenger list, as label / value pairs (the page and the sheet share them). */
function facts(m: Manifest): [string, string][] {
  return [
    ['组号', `第 ${m.groupId} 组（第 ${m.version} 版，${m.status}）`],
    ['出发', `${m.departureDate} ${m.departureTime}`],
    ['预计到达', m.arrivalDate],
    ['目的地', `${m.station.name}${m.station.address ? `（${m.station.address}）` : ''}`],
    ['工作站联系人', blank(m.station.contact)],
    ['车辆', vehicleLine(m)],
    ['带队人', `${blank(m.escort.name)}　电话 ${blank(m.escort.phone)}`],
  ]
}

const escape = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const CSS = `
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { font-family: 'Noto Sans SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', sans-serif; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.2em; }
.sub { text-align: center; margin: 0 0 4mm; }
.warn { border: 2px solid #000; padding: 2mm 3mm; margin: 0 0 3mm; font-weight: 700; }
dl { display: grid; grid-template-columns: 26mm 1fr; gap: 1mm 3mm; margin: 0 0 4mm; }
dt { font-weight: 700; }
dd { margin: 0; }
h2 { font-size: 13pt; margin: 4mm 0 2mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n { text-align: right; width: 12mm; }
td.sign { width: 22mm; }
.signatures { display: flex; justify-content: space-between; margin-top: 8mm; }
.signatures div { width: 30%; border-bottom: 1px solid #000; padding-bottom: 8mm; }
footer { margin-top: 4mm; font-size: 9pt; }
@media screen { body { padding: 8mm; } }
`

/** An A4 page to print (print CSS, the app's Chinese font); no script. */
export function manifestHtml(m: Manifest): string {
  const rows = m.passengers
    .map(
      (p) =>
        `<tr><td class="n">${p.seat}</td><td>${escape(p.name)}</td><td>${escape(p.gender)}</td><td>${escape(p.village)}</td><td>${escape(p.phone)}</td>${
          m.realName ? `<td>${escape(p.idNumber ?? '')}</td>` : ''
        }<td class="sign"></td></tr>`,
    )
    .join('\n')
  const pickups = m.pickups
    .map((p) => `<tr><td>${escape(p.time)}</td><td>${escape(p.county)}</td><td>${escape(p.point)}${p.address ? `（${escape(p.address)}）` : ''}</td><td class="n">${p.people}</td></tr>`)
    .join('\n')
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>乘车名单 第 ${m.groupId} 组 ${escape(m.departureDate)}</title>
<link rel="stylesheet" href="/assets/fonts/noto-sans-sc/400.css">
<link rel="stylesheet" href="/assets/fonts/noto-sans-sc/700.css">
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${m.realName ? '实名制乘车名单' : '乘车名单'}</h1>
<p class="sub">点对点劳务输出 · 第 ${m.groupId} 组 · 共 ${m.passengers.length} 人</p>
${m.realName ? '<p class="warn">本名单含完整身份证号码，仅供实名购票和乘车核验使用，用后请交回或销毁，不得外传。</p>' : ''}
<dl>
${facts(m)
  .map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`)
  .join('\n')}
</dl>
<h2>上车地点</h2>
<table>
<thead><tr><th>上车时间</th><th>县（市、区）</th><th>上车地点</th><th>人数</th></tr></thead>
<tbody>
${pickups}
</tbody>
</table>
<h2>乘车人员（按座位顺序）</h2>
<table>
<thead><tr><th>座位</th><th>姓名</th><th>性别</th><th>村</th><th>联系电话</th>${m.realName ? '<th>身份证号码</th>' : ''}<th>签到</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="signatures"><div>带队人签字：</div><div>驾驶员签字：</div><div>工作站接收人签字：</div></div>
<footer>打印时间 ${escape(m.printedAt)}（北京时间）。名单如有变动，以最新版本为准。</footer>
</main>
</body>
</html>
`
}

/** The same list as a one-sheet workbook. */
export function manifestSheet(m: Manifest): SheetSpec {
  const header = ['座位', '姓名', '性别', '村', '联系电话', ...(m.realName ? ['身份证号码'] : []), '签到']
  const title = [
    `${m.realName ? '实名制乘车名单' : '乘车名单'}（点对点劳务输出 第 ${m.groupId} 组，共 ${m.passengers.length} 人）`,
    ...facts(m).map(([k, v]) => `${k}：${v}`),
    `上车地点：${m.pickups.map((p) => `${p.time} ${p.county} ${p.point}${p.address ? `（${p.address}）` : ''} ${p.people} 人`).join('；')}`,
  ]
  const rows: Cell[][] = m.passengers.map((p) => [p.seat, p.name, p.gender, p.village, p.phone, ...(m.realName ? [p.idNumber ?? ''] : []), ''])
  rows.push([], ['带队人签字：', '', '', '驾驶员签字：', '', ...(m.realName ? [''] : []), '工作站接收人签字：'])
  return { name: '乘车名单', title, header, rows, widths: [6, 10, 6, 30, 14, ...(m.realName ? [22] : []), 14] }
}
