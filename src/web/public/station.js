// Station console: receives point-to-point groups over the websocket (replay after being
// offline, then live), acks each entry once it is applied and saved (and, after every hello,
// what the server had not recorded), and sends arrivals. Arrivals ticked without network stay
// on this device (待发送) and are sent when the connection is back; sending one twice is
// harmless. See docs/station-protocol.md.
import { api, signIn } from './session.js'

const VEHICLES = { bus: '大巴', train: '火车' }
const $ = (id) => document.getElementById(id)

const me = await signIn($('signin'), ['station_operator'])
const stationId = Number(me.scope)
const storeKey = `laborlink.station.${stationId}`
/** Applied state survives reloads: the last seq processed and each group's latest version. */
const state = { lastSeq: 0, groups: {}, arrived: {}, pendingArrivals: {}, refused: {}, ...JSON.parse(localStorage.getItem(storeKey) ?? '{}') }
const save = () => localStorage.setItem(storeKey, JSON.stringify(state))

let socket
/** Reconnect backoff: 0.5 s doubling to a 3 s cap, each wait jittered to 50–100 %. */
const RETRY_MIN_MS = 500
const RETRY_MAX_MS = 3000
let retryMs = RETRY_MIN_MS
let retryTimer
let catchUpTo = 0
/** Per group, the laborer ids in the arrival frame last sent (cleared by arrival.recorded). */
const inFlight = {}

const isOpen = () => socket?.readyState === WebSocket.OPEN

function setConnection(text, kind) {
  const badge = $('connection')
  badge.textContent = text
  badge.className = `connection ${kind}`
}

function connect() {
  clearTimeout(retryTimer)
  if (!navigator.onLine) return setConnection('离线（无网络），勾选的到达会先存在本机', 'offline')
  setConnection('连接中…', '')
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  // The browser session's HttpOnly cookie authenticates the handshake (same origin only);
  // no token in the URL (which proxies and logs keep) or in page scripts.
  const ws = new WebSocket(`${scheme}://${location.host}/ws/stations/${stationId}?since=${state.lastSeq}`, ['laborlink.v1'])
  socket = ws
  ws.addEventListener('message', (event) => receive(JSON.parse(event.data)))
  ws.addEventListener('close', (event) => {
    if (socket !== ws) return
    for (const id of Object.keys(inFlight)) delete inFlight[id]
    if ([4000, 4401, 4403, 4409].includes(event.code)) {
      const why = { 4000: '已在别处打开', 4401: '令牌无效或已过期，请重新登录', 4403: '令牌不属于本工作站', 4409: '本机记录与服务器不一致，请联系管理员' }
      setConnection(why[event.code], 'offline')
      return
    }
    scheduleReconnect()
  })
}

function scheduleReconnect() {
  clearTimeout(retryTimer)
  if (!navigator.onLine) return setConnection('离线（无网络），勾选的到达会先存在本机', 'offline')
  const wait = Math.round(retryMs * (0.5 + Math.random() / 2))
  setConnection(`离线，${Math.max(1, Math.round(wait / 1000))} 秒内重连`, 'offline')
  retryTimer = setTimeout(connect, wait)
  retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
}

// The device's own network: going offline drops the socket at once (no waiting for a
// heartbeat), coming back reconnects at once.
addEventListener('offline', () => {
  clearTimeout(retryTimer)
  const ws = socket
  socket = undefined
  ws?.close()
  setConnection('离线（无网络），勾选的到达会先存在本机', 'offline')
})
addEventListener('online', () => {
  retryMs = RETRY_MIN_MS
  connect()
})

/** Sends every arrival waiting on this device; the server records each laborer once however often it hears it. */
function sendPending() {
  if (!isOpen()) return
  for (const [groupId, laborerIds] of Object.entries(state.pendingArrivals)) {
    if (laborerIds.length === 0) continue
    inFlight[groupId] = [...laborerIds]
    socket.send(JSON.stringify({ type: 'arrival', groupId: Number(groupId), laborerIds }))
  }
}

function receive(frame) {
  switch (frame.type) {
    case 'hello':
      retryMs = RETRY_MIN_MS
      setConnection('在线', 'online')
      catchUpTo = frame.lastSeq
      // The protocol's rule: what was processed above the server's recorded acks is acked again.
      if (frame.ackedThrough < state.lastSeq && isOpen()) socket.send(JSON.stringify({ type: 'ack', seq: state.lastSeq }))
      showCatchUp()
      sendPending()
      return
    case 'acked':
      return
    case 'replayed':
      catchUpTo = 0
      showCatchUp()
      return
    case 'group.confirmed':
    case 'group.updated':
    case 'group.cancelled':
      apply(frame)
      return
    case 'arrival.recorded': {
      const earlier = state.arrived[frame.groupId]?.laborerIds ?? []
      const sent = inFlight[frame.groupId] ?? []
      delete inFlight[frame.groupId]
      // Ticks made after the frame went out stay pending for the next send.
      const left = (state.pendingArrivals[frame.groupId] ?? []).filter((id) => !sent.includes(id))
      if (left.length > 0) state.pendingArrivals[frame.groupId] = left
      else delete state.pendingArrivals[frame.groupId]
      state.arrived[frame.groupId] = {
        arrived: frame.arrived,
        inTransit: frame.inTransit,
        laborerIds: [...new Set([...earlier, ...sent])],
      }
      delete state.refused[frame.groupId]
      save()
      render()
      return
    }
    case 'error':
      // A refused arrival says which group: it is not sent again, and the reason is shown.
      if (frame.groupId !== undefined && state.pendingArrivals[frame.groupId]) {
        delete state.pendingArrivals[frame.groupId]
        delete inFlight[frame.groupId]
        state.refused[frame.groupId] = frame.message
        save()
        render()
      }
      console.warn('server refused a frame', frame.code, frame.message)
  }
}

/** Entries come in seq order; a replayed one (seq already processed) is only acked again. */
function apply(entry) {
  if (entry.seq > state.lastSeq) {
    const current = state.groups[entry.groupId]
    if (!current || current.version < entry.version) {
      // Moves accumulate across versions, so the card keeps saying who left for which group.
      const moves = [...(current?.moves ?? []), ...(entry.data.movedOut ?? []).map((m) => `${m.name} 调往第 ${m.toGroupId} 组`),
        ...(entry.data.movedIn ?? []).map((m) => `${m.name} 从第 ${m.fromGroupId} 组调入`)]
      state.groups[entry.groupId] = { ...entry.data, type: entry.type, moves }
    }
    state.lastSeq = entry.seq
    save()
    render()
  }
  if (isOpen()) socket.send(JSON.stringify({ type: 'ack', seq: entry.seq }))
  showCatchUp()
}

function showCatchUp() {
  const behind = catchUpTo > 0 && state.lastSeq < catchUpTo
  $('catch-up').hidden = !behind
  if (behind) {
    $('catch-up-progress').max = catchUpTo
    $('catch-up-progress').value = state.lastSeq
    $('catch-up-text').textContent = `${state.lastSeq} / ${catchUpTo}`
  }
}

function time(iso) {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

function groupCard(group) {
  const arrivedIds = new Set(state.arrived[group.groupId]?.laborerIds ?? [])
  const pendingIds = new Set(state.pendingArrivals[group.groupId] ?? [])
  const card = document.createElement('article')
  card.className = `group ${group.status}`
  card.dataset.groupId = group.groupId
  const cancelled = group.status === 'cancelled'
  const heading = document.createElement('h2')
  heading.textContent = `车次 ${group.groupId}：${time(group.departureAt)} 发车，${group.arrivalDate} 到达${cancelled ? '（已取消）' : ''}`
  const meta = document.createElement('p')
  meta.className = 'meta'
  meta.textContent = `${VEHICLES[group.vehicle.kind] ?? group.vehicle.kind} ${group.vehicle.capacity} 座 · ${group.seats.length} 人 · 第 ${group.version} 版${group.note ? ` · ${group.note}` : ''}`
  const stops = document.createElement('ol')
  for (const stop of group.stops) {
    const li = document.createElement('li')
    li.textContent = `${time(stop.time)} ${stop.pickupPoint}（${stop.people} 人）`
    stops.append(li)
  }
  card.append(heading, meta, stops)
  if (group.moves?.length) {
    const moves = Object.assign(document.createElement('p'), { className: 'moves', textContent: `人员调整：${group.moves.join('；')}` })
    card.append(moves)
  }
  if (cancelled) {
    const who = (group.cancelledSeats ?? []).map((s) => `${s.name}（${s.countyName}）`)
    const why = Object.assign(document.createElement('p'), {
      className: 'cancelled-reason',
      textContent: `取消原因：${group.reason ?? (group.note || '未说明')}${who.length ? `；原定乘车 ${who.length} 人：${who.join('、')}` : ''}`,
    })
    card.append(why)
    return card
  }

  const seats = document.createElement('ul')
  seats.className = 'seats'
  for (const seat of group.seats) {
    const li = document.createElement('li')
    const label = document.createElement('label')
    const here = arrivedIds.has(seat.laborerId)
    const waiting = pendingIds.has(seat.laborerId)
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: seat.laborerId, checked: here || waiting, disabled: here || waiting })
    label.append(box, `${seat.seat}号 ${seat.name}（${seat.countyName}）→ ${seat.employer} ${seat.jobTitle}`)
    if (waiting) label.append(Object.assign(document.createElement('span'), { className: 'pending-mark', textContent: '待发送' }))
    li.append(label)
    seats.append(li)
  }
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'button', textContent: '确认勾选的人已到达' })
  button.addEventListener('click', () => {
    const laborerIds = [...seats.querySelectorAll('input:checked:not(:disabled)')].map((b) => Number(b.value))
    if (laborerIds.length === 0) return
    // Kept on this device first: without network it waits (待发送) and goes out after the next hello.
    state.pendingArrivals[group.groupId] = [...new Set([...(state.pendingArrivals[group.groupId] ?? []), ...laborerIds])]
    delete state.refused[group.groupId]
    save()
    render()
    sendPending()
  })
  const arrived = state.arrived[group.groupId]
  const status = document.createElement('p')
  status.className = 'arrived-mark'
  status.textContent = arrived ? `已到达 ${arrived.arrived} 人，在途 ${arrived.inTransit} 人` : ''
  const pending = document.createElement('p')
  pending.className = 'pending-summary'
  pending.textContent = pendingIds.size > 0 ? `${pendingIds.size} 人的到达待发送（联网后自动发送）` : ''
  const refused = document.createElement('p')
  refused.className = 'refused'
  refused.setAttribute('role', 'alert')
  refused.textContent = state.refused[group.groupId] ? `未记录：${state.refused[group.groupId]}` : ''
  card.append(seats, button, status, pending, refused)
  return card
}

function render() {
  const groups = Object.values(state.groups).sort((a, b) => a.departureAt.localeCompare(b.departureAt))
  const live = groups.filter((g) => g.status !== 'cancelled')
  $('summary').textContent = `共 ${live.length} 个车次、${live.reduce((n, g) => n + g.seats.length, 0)} 人；已处理到第 ${state.lastSeq} 条`
  $('groups').replaceChildren(...groups.map(groupCard))
  laborerOptions()
}

// 维权服务 and 岗位收集: plain API calls (they need the network; nothing is queued on the device).
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value)
    else if (key.startsWith('aria-')) node.setAttribute(key, value)
    else node[key] = value
  }
  node.append(...children)
  return node
}
const STATUS_NAMES = { accepted: '受理', in_progress: '处理中', resolved: '已解决', referred: '转交' }

async function answer(response, statusId, done) {
  const body = await response.json().catch(() => ({}))
  $(statusId).textContent = response.ok ? done : `未成功：${body.message ?? response.status}`
  return response.ok ? body : null
}

function laborerOptions() {
  const seen = new Map()
  for (const g of Object.values(state.groups)) for (const s of g.seats ?? []) seen.set(s.laborerId, s.name)
  $('rights-laborer').replaceChildren(...[...seen].map(([id, name]) => el('option', { value: String(id), textContent: `${name}（${id}）` })))
}

async function loadCases() {
  const response = await api('/api/v1/rights-cases?limit=100')
  if (!response.ok) return
  const cases = await response.json()
  $('rights-list').replaceChildren(
    ...cases.map((c) => {
      const note = el('input', { placeholder: '进展', required: true, maxLength: 2000, 'aria-label': `第${c.id}号 进展` })
      const status = el('select', { 'aria-label': `第${c.id}号 状态` }, ...Object.entries(STATUS_NAMES).map(([v, name]) => el('option', { value: v, textContent: name, selected: v === c.status })))
      const recovered = el('input', { type: 'number', min: 0, value: String(c.amountRecovered), 'aria-label': `第${c.id}号 已追回（元）` })
      const form = el('form', {}, note, status, recovered, el('button', { type: 'submit', textContent: '记录进展' }))
      form.addEventListener('submit', async (event) => {
        event.preventDefault()
        const response = await api(`/api/v1/rights-cases/${c.id}/progress`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ note: note.value, status: status.value, amountRecovered: Number(recovered.value) }),
        })
        if (await answer(response, 'rights-status', `第${c.id}号已记录进展`)) loadCases()
      })
      return el(
        'li',
        {},
        el('strong', { textContent: `第${c.id}号 ${c.typeLabel} · ${c.laborerName} · ${c.statusLabel}` }),
        el('div', { textContent: `涉及 ${c.amountClaimed} 元，已追回 ${c.amountRecovered} 元；${c.employerName || '用人单位未填'}；${c.openedDate} 受理` }),
        form,
      )
    }),
  )
}

const OUTCOMES = { in_job: '在岗', changed_job: '换岗', left: '离职', returned_home: '返乡' }

async function loadFollowUps() {
  const response = await api(`/api/v1/stations/${stationId}/follow-ups`)
  if (!response.ok) return
  const due = await response.json()
  if (due.length === 0) $('followups-status').textContent ||= '目前没有到期的回访'
  $('followups-list').replaceChildren(
    ...due.map((d) => {
      const what = `${d.laborerName} 第${d.month}个月`
      const outcome = el('select', { 'aria-label': `${what} 回访结果` }, ...Object.entries(OUTCOMES).map(([v, name]) => el('option', { value: v, textContent: name })))
      const employer = el('input', { placeholder: '换岗后的单位', maxLength: 200, 'aria-label': `${what} 换岗后的单位` })
      const form = el('form', {}, outcome, employer, el('button', { type: 'submit', textContent: '记录回访' }))
      form.addEventListener('submit', async (event) => {
        event.preventDefault()
        const body = { placementId: d.placementId, month: d.month, outcome: outcome.value }
        if (outcome.value === 'changed_job') body.employerName = employer.value
        const response = await api(`/api/v1/stations/${stationId}/follow-ups`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        if (await answer(response, 'followups-status', `${what}回访已记录：${OUTCOMES[outcome.value]}`)) loadFollowUps()
      })
      const late = d.overdueDays > 0 ? `，已逾期 ${d.overdueDays} 天` : ''
      return el('li', {}, el('strong', { textContent: `${d.laborerName}（编号 ${d.laborerId}，第${d.groupId}组，${d.arrivalDate} 到达）` }), el('div', { textContent: `到达后 ${d.month} 个月回访，${d.dueDate} 到期${late}` }), form)
    }),
  )
}

async function loadEmployers() {
  const response = await api('/api/v1/employers?limit=500')
  if (!response.ok) return
  const employers = await response.json()
  $('job-employer').replaceChildren(...employers.map((e) => el('option', { value: String(e.id), textContent: e.name, dataset: { region: e.regionCode } })))
}

async function loadJobs() {
  const response = await api('/api/v1/jobs?limit=500')
  if (!response.ok) return
  const jobs = await response.json()
  $('jobs-list').replaceChildren(
    ...jobs.map((j) => el('li', { textContent: `${j.title} · ${j.occupation} · ${j.wageMin}–${j.wageMax} 元/月 · 还招 ${j.openingsLeft} 人 · ${j.deadline} 截止 · ${j.status === 'open' ? '招聘中' : '已结束'}` })),
  )
}

$('rights-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const response = await api('/api/v1/rights-cases', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      laborerId: Number($('rights-laborer').value),
      type: $('rights-type').value,
      amountClaimed: Number($('rights-amount').value || 0),
      employerName: $('rights-employer').value,
      description: $('rights-description').value,
    }),
  })
  const created = await answer(response, 'rights-status', '已登记')
  if (created) {
    $('rights-status').textContent = `已登记第${created.id}号维权案件`
    loadCases()
  }
})

$('employer-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const response = await api('/api/v1/employers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: $('employer-name').value, creditCode: $('employer-code').value.trim().toUpperCase(), regionCode: $('employer-region').value.trim(), sizeClass: $('employer-size').value }),
  })
  if (await answer(response, 'jobs-status', '用人单位已登记')) loadEmployers()
})

$('job-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const employer = $('job-employer').selectedOptions[0]
  const response = await api('/api/v1/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      employerId: Number(employer.value),
      regionCode: employer.dataset.region,
      title: $('job-title').value,
      occupation: $('job-occupation').value,
      openings: Number($('job-openings').value),
      wageMin: Number($('job-wage-min').value),
      wageMax: Number($('job-wage-max').value),
      wageUnit: 'month',
      contractMonths: 12,
      deadline: $('job-deadline').value,
      startDate: $('job-start').value,
      type: 'regular',
      benefits: $('job-benefits').value.split(/[、,，\s]+/).filter(Boolean),
    }),
  })
  if (await answer(response, 'jobs-status', '岗位已发布，自助机上显示为“工作站推荐”')) loadJobs()
})

$('signin').hidden = true
$('console').hidden = false
$('who').textContent = me.label
render()
connect()
loadFollowUps()
loadCases()
loadEmployers()
loadJobs()
