// County dashboard: progress against the year's targets (旬/月/季/年累计) counted up to today,
// a written summary (存在问题 / 好典型), townships of a county, the monthly county ranking
// (月排队) and the delivery state of the latest point-to-point groups of the caller's area.
// Every time is shown in Asia/Shanghai whatever the device's zone.
import { api, signIn } from './session.js'

const CATEGORIES = {
  rural_employment: '农民就业',
  in_province: '省内转移就业',
  cross_province: '省际输出',
  local: '在乡创业就业',
  public_welfare: '公益性岗位',
}
const GROUPS = { all: '全部劳动力', poverty: '脱贫劳动力（含监测对象）' }
const DELIVERY = { draft: '未确认', written: '已写入', sent: '已发送', delivered: '已送达' }
const STATUS = { draft: '草稿', confirmed: '已确认', cancelled: '已取消' }
const VEHICLES = { bus: '大巴', train: '火车' }
const PERIODS = { xun: '旬报告', month: '月报', quarter: '季报', ytd: '年累计' }
/** A bar never narrower than this once someone is counted: a small county's 0.3% stays visible. */
const MIN_BAR_PERCENT = 1.5

const $ = (id) => document.getElementById(id)
const percent = (bp) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`)
const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
})
/** "12-07 08:00", Beijing time. */
const when = (iso) => shanghai.format(new Date(iso)).replaceAll('/', '-')

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

function say(text) {
  $('message').textContent = text ?? ''
  $('message').hidden = !text
}

/** One chart: a row per item with its name, a bar of its completion and the numbers in words. */
function chart(title, items) {
  const figure = document.createElement('figure')
  figure.className = 'chart'
  figure.setAttribute('role', 'img')
  figure.setAttribute('aria-label', `${title}：${items.map((i) => i.words).join('；')}`)
  const caption = Object.assign(document.createElement('figcaption'), { textContent: title })
  figure.append(caption)
  for (const item of items) {
    const row = document.createElement('div')
    row.className = 'bar-row'
    row.setAttribute('aria-hidden', 'true')
    const name = Object.assign(document.createElement('span'), { className: 'bar-name', textContent: item.name })
    const track = document.createElement('span')
    track.className = 'bar-track'
    const bar = document.createElement('span')
    bar.className = `bar ${item.kind}`
    const share = Math.min(100, (item.bp ?? 0) / 100)
    bar.style.width = `${item.count > 0 ? Math.max(MIN_BAR_PERCENT, share) : 0}%`
    track.append(bar)
    const value = Object.assign(document.createElement('span'), { className: 'bar-value', textContent: item.value })
    row.append(name, track, value)
    figure.append(row)
  }
  return figure
}

const rowItem = (r, name) => ({
  name,
  kind: r.group,
  count: r.count,
  bp: r.completionBp,
  value: `${r.count}/${r.target ?? '—'}（${percent(r.completionBp)}）`,
  words: `${name} ${r.count} 人，目标 ${r.target ?? '未设'}，完成 ${percent(r.completionBp)}`,
})

async function loadProgress() {
  const response = await api(`/api/v1/reports/progress?${query()}`)
  const report = await response.json()
  if (!response.ok) {
    say(report.message)
    $('charts').replaceChildren()
    $('rights').tBodies[0].replaceChildren()
    return
  }
  const { period, asOf, summary } = report
  const running = asOf < period.end
  $('period-label').textContent =
    `${period.label}（${period.start} 至 ${period.end}）` + (running ? `，本期未结束，统计截至今天 ${asOf}` : '')
  $('schedule').textContent = `${PERIODS[period.kind]}，统计截至 ${asOf}；时序进度 ${percent(summary.scheduleBp)}（全年已过去的比例）。`
  $('problems').replaceChildren(...summary.problems.map((text) => Object.assign(document.createElement('li'), { textContent: text })))
  $('highlights').replaceChildren(...summary.highlights.map((text) => Object.assign(document.createElement('li'), { textContent: text })))

  const county = $('county').value
  const region = county || report.rows.find((r) => r.level === 'city')?.regionCode
  const own = report.rows.filter((r) => r.regionCode === region)
  const charts = Object.keys(CATEGORIES)
    .map((category) => own.filter((r) => r.category === category))
    .filter((list) => list.length > 0)
    .map((list) => chart(CATEGORIES[list[0].category], list.map((r) => rowItem(r, GROUPS[r.group]))))
  if (!county) {
    // Every county side by side: the smallest still shows a bar and its figures.
    const counties = report.rows.filter((r) => r.level === 'county' && r.category === 'rural_employment' && r.group === 'poverty')
    charts.push(chart('各县（市、区）脱贫劳动力农民就业完成率', counties.map((r) => rowItem(r, r.regionName))))
  }
  $('charts').replaceChildren(...charts)
  // 维权: the city's total first (or the county asked for), then every county.
  $('rights').tBodies[0].replaceChildren(
    ...(report.rights ?? []).map((r) => {
      const tr = document.createElement('tr')
      tr.append(cell(r.regionName), cell(String(r.opened), 'num'), cell(String(r.resolved), 'num'), cell(r.recovered.toLocaleString('zh-CN'), 'num'))
      return tr
    }),
  )
}

async function loadTownships() {
  const county = $('county').value
  $('township-panel').hidden = !county
  $('township-csv').hidden = !county
  if (!county) return
  const response = await api(`/api/v1/reports/townships?${query()}`)
  if (!response.ok) return
  const { county: c, rows } = await response.json()
  $('township-title').textContent = `${c.name}分乡镇情况`
  const signed = (n) => (n > 0 ? `+${n}` : String(n))
  $('townships').tBodies[0].replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr')
      tr.append(
        cell(r.townshipName),
        cell(String(r.ruralEmployment.all.count), 'num'),
        cell(signed(r.ruralEmployment.all.change), 'num'),
        cell(String(r.ruralEmployment.poverty.count), 'num'),
        cell(signed(r.ruralEmployment.poverty.change), 'num'),
        cell(String(r.inProvince.count), 'num'),
        cell(String(r.crossProvince.count), 'num'),
        cell(String(r.local.count), 'num'),
        cell(String(r.publicWelfare.count), 'num'),
      )
      return tr
    }),
  )
}

async function loadRanking() {
  const month = $('date').value.slice(0, 7)
  const response = await api(`/api/v1/reports/ranking?month=${month}`)
  if (!response.ok) {
    $('ranking').tBodies[0].replaceChildren()
    return
  }
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
  const response = await api('/api/v1/transport/groups?limit=20')
  if (!response.ok) return
  const groups = await response.json()
  $('groups-empty').hidden = groups.length > 0
  $('groups').tBodies[0].replaceChildren(
    ...groups.map((g) => {
      const tr = document.createElement('tr')
      const cancelled = g.status === 'cancelled'
      if (cancelled) tr.className = 'cancelled'
      const status = document.createElement('td')
      status.append(Object.assign(document.createElement('span'), { className: `badge ${g.status}`, textContent: STATUS[g.status] ?? g.status }))
      const delivery = document.createElement('td')
      const badge = document.createElement('span')
      badge.className = `badge ${g.delivery.state}`
      badge.textContent = cancelled
        ? g.delivery.deliveredAt ? `取消通知已送达 ${when(g.delivery.deliveredAt)}` : g.delivery.state === 'draft' ? '无需通知' : '取消通知未送达'
        : DELIVERY[g.delivery.state] + (g.delivery.deliveredAt ? ` ${when(g.delivery.deliveredAt)}` : '')
      delivery.append(badge)
      tr.append(
        cell(when(g.departureAt)),
        cell(g.stationName),
        cell(`${VEHICLES[g.vehicle.kind] ?? g.vehicle.kind} ${g.vehicle.capacity} 座`),
        cell(cancelled ? '—' : String(g.seats.length), 'num'),
        status,
        delivery,
        cell(cancelled ? '已取消' : `${g.arrivals.arrived}/${g.arrivals.total}`),
      )
      return tr
    }),
  )
}

async function download(path, name) {
  const response = await api(path, { headers: { accept: 'text/csv' } })
  if (!response.ok) return say((await response.json()).message)
  const url = URL.createObjectURL(await response.blob())
  const link = Object.assign(document.createElement('a'), { href: url, download: name })
  link.click()
  URL.revokeObjectURL(url)
}

async function refresh() {
  if (!$('date').value || !$('date').checkValidity()) {
    say(!$('date').value ? '请选择日期。' : `日期不能晚于今天（${today()}）。`)
    return
  }
  say('')
  await Promise.all([loadProgress(), loadTownships(), loadRanking(), loadGroups()])
}

const me = await signIn($('signin'), ['city_admin', 'county_officer'])
$('signin').hidden = true
$('board').hidden = false
$('who').textContent = me.label
$('date').value = today()
$('date').max = today()
const counties = await (await fetch(`/api/v1/regions/${me.cityCode}`)).json()
for (const county of counties.children) {
  $('county').append(Object.assign(document.createElement('option'), { value: county.code, textContent: county.name }))
}
if (me.role === 'county_officer') {
  $('county').value = me.scope
  $('county').dataset.own = me.scope
  $('county').disabled = true
  $('seats-head').textContent = '本县人数'
}
const unitName = () => $('county').selectedOptions[0]?.textContent ?? '全市'
$('filters').addEventListener('change', refresh)
$('progress-csv').addEventListener('click', () =>
  download(`/api/v1/reports/progress?${query()}&format=csv`, `${unitName()}就业进展-${PERIODS[$('period').value]}-${$('date').value}.csv`),
)
$('ranking-csv').addEventListener('click', () =>
  download(`/api/v1/reports/ranking?month=${$('date').value.slice(0, 7)}&format=csv`, `月排队-${$('date').value.slice(0, 7)}.csv`),
)
$('township-csv').addEventListener('click', () =>
  download(`/api/v1/reports/townships?${query()}&format=csv`, `${unitName()}分乡镇-${PERIODS[$('period').value]}-${$('date').value}.csv`),
)
await refresh()
