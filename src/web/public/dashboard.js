// County dashboard: progress against the year's targets (旬/月/季/年累计), the monthly
// county ranking (月排队) and the delivery state of recent point-to-point groups.
import { api, signIn } from './session.js'

const CATEGORIES = {
  rural_employment: '农民就业',
  in_province: '省内转移',
  cross_province: '省际输出',
  local: '在乡创业就业',
  public_welfare: '公益岗位',
}
const GROUPS = { all: '全部', poverty: '脱贫劳动力（含监测对象）' }
const DELIVERY = { draft: '未确认', written: '已写入', sent: '已发送', delivered: '已送达' }
const VEHICLES = { bus: '大巴', train: '火车' }

const $ = (id) => document.getElementById(id)
const percent = (bp) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`)

function cell(text, className) {
  const td = document.createElement('td')
  td.textContent = text
  if (className) td.className = className
  return td
}

function today() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

function query() {
  const params = new URLSearchParams({ period: $('period').value, date: $('date').value })
  if ($('county').value) params.set('county', $('county').value)
  return params
}

/** One horizontal bar per group: completion against target, with the numbers beside it. */
function chart(category, rows) {
  const width = 640
  const barHeight = 28
  const labelWidth = 210
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
  svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * (barHeight + 14) + 30}`)
  svg.setAttribute('role', 'img')
  svg.classList.add('chart')
  const summary = rows.map((r) => `${GROUPS[r.group]} ${r.count} 人，目标 ${r.target ?? '未设'}，完成 ${percent(r.completionBp)}`).join('；')
  svg.setAttribute('aria-label', `${CATEGORIES[category]}：${summary}`)
  const title = document.createElementNS(svg.namespaceURI, 'text')
  title.setAttribute('x', '0')
  title.setAttribute('y', '18')
  title.setAttribute('font-weight', '700')
  title.textContent = CATEGORIES[category]
  svg.append(title)
  rows.forEach((row, i) => {
    const y = 30 + i * (barHeight + 14)
    const share = Math.min(1, (row.completionBp ?? 0) / 10000)
    const label = document.createElementNS(svg.namespaceURI, 'text')
    label.setAttribute('x', '0')
    label.setAttribute('y', String(y + barHeight * 0.7))
    label.setAttribute('font-size', '14')
    label.textContent = GROUPS[row.group]
    const track = document.createElementNS(svg.namespaceURI, 'rect')
    Object.entries({ x: labelWidth, y, width: width - labelWidth - 150, height: barHeight, fill: '#eee7d6', rx: 4 }).forEach(([k, v]) =>
      track.setAttribute(k, String(v)),
    )
    const bar = document.createElementNS(svg.namespaceURI, 'rect')
    Object.entries({
      x: labelWidth,
      y,
      width: Math.max(0, (width - labelWidth - 150) * share),
      height: barHeight,
      fill: row.group === 'poverty' ? '#b3261e' : '#0b5cad',
      rx: 4,
    }).forEach(([k, v]) => bar.setAttribute(k, String(v)))
    const value = document.createElementNS(svg.namespaceURI, 'text')
    value.setAttribute('x', String(width - 145))
    value.setAttribute('y', String(y + barHeight * 0.7))
    value.setAttribute('font-size', '14')
    value.textContent = `${row.count}/${row.target ?? '—'} ${percent(row.completionBp)}`
    svg.append(label, track, bar, value)
  })
  return svg
}

async function loadProgress() {
  const response = await api(`/api/v1/reports/progress?${query()}`)
  if (!response.ok) return
  const report = await response.json()
  $('period-label').textContent = `${report.period.label}（${report.period.start} 至 ${report.period.end}）`
  const region = $('county').value || report.rows.find((r) => r.level === 'city')?.regionCode
  const rows = report.rows.filter((r) => r.regionCode === region || (!region && r.level === 'county'))
  $('charts').replaceChildren(
    ...Object.keys(CATEGORIES)
      .map((category) => rows.filter((r) => r.category === category))
      .filter((list) => list.length > 0)
      .map((list) => chart(list[0].category, list)),
  )
}

async function loadRanking() {
  const month = $('date').value.slice(0, 7)
  const response = await api(`/api/v1/reports/ranking?month=${month}`)
  if (!response.ok) return
  const { rows } = await response.json()
  $('ranking').tBodies[0].replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr')
      const arrow = r.rankChange > 0 ? `↑${r.rankChange}` : r.rankChange < 0 ? `↓${-r.rankChange}` : '—'
      const mine = $('county').dataset.own === r.countyCode
      if (mine) tr.setAttribute('aria-current', 'true')
      tr.append(
        cell(String(r.rank), 'num'),
        cell(arrow, r.rankChange > 0 ? 'up' : r.rankChange < 0 ? 'down' : ''),
        cell(mine ? `${r.countyName}（本县）` : r.countyName),
        cell(String(r.count), 'num'),
        cell(r.target === null ? '—' : String(r.target), 'num'),
        cell(percent(r.completionBp), 'num'),
        cell(r.changeBp === null ? '—' : `${r.changeBp >= 0 ? '+' : ''}${(r.changeBp / 100).toFixed(1)}`, 'num'),
      )
      return tr
    }),
  )
}

async function loadGroups() {
  const plans = await api('/api/v1/transport/plans?limit=3')
  if (!plans.ok) return
  const groups = []
  for (const plan of await plans.json()) {
    const detail = await api(`/api/v1/transport/plans/${plan.id}`)
    if (detail.ok) groups.push(...(await detail.json()).groups)
  }
  $('groups').tBodies[0].replaceChildren(
    ...groups.slice(0, 20).map((g) => {
      const tr = document.createElement('tr')
      const delivery = document.createElement('td')
      const badge = document.createElement('span')
      badge.className = `badge ${g.delivery.state}`
      badge.textContent = DELIVERY[g.delivery.state] + (g.delivery.deliveredAt ? ` ${g.delivery.deliveredAt.slice(5, 16).replace('T', ' ')}` : '')
      delivery.append(badge)
      tr.append(
        cell(g.departureAt.slice(0, 16).replace('T', ' ')),
        cell(g.stationName),
        cell(`${VEHICLES[g.vehicle.kind] ?? g.vehicle.kind} ${g.vehicle.capacity} 座`),
        cell(String(g.seats.length), 'num'),
        delivery,
        cell(`${g.arrivals.arrived}/${g.arrivals.total}`),
      )
      return tr
    }),
  )
}

async function download(path, name) {
  const response = await api(path, { headers: { accept: 'text/csv' } })
  if (!response.ok) return
  const url = URL.createObjectURL(await response.blob())
  const link = Object.assign(document.createElement('a'), { href: url, download: name })
  link.click()
  URL.revokeObjectURL(url)
}

async function refresh() {
  await Promise.all([loadProgress(), loadRanking(), loadGroups()])
}

const me = await signIn($('signin'), ['city_admin', 'county_officer'])
$('signin').hidden = true
$('board').hidden = false
$('who').textContent = me.label
$('date').value = today()
const counties = await (await fetch(`/api/v1/regions/${me.cityCode}`)).json()
for (const county of counties.children) {
  $('county').append(Object.assign(document.createElement('option'), { value: county.code, textContent: county.name }))
}
if (me.role === 'county_officer') {
  $('county').value = me.scope
  $('county').dataset.own = me.scope
  $('county').disabled = true
}
$('filters').addEventListener('change', refresh)
$('progress-csv').addEventListener('click', () => download(`/api/v1/reports/progress?${query()}&format=csv`, 'progress.csv'))
$('ranking-csv').addEventListener('click', () => download(`/api/v1/reports/ranking?month=${$('date').value.slice(0, 7)}&format=csv`, 'ranking.csv'))
await refresh()
