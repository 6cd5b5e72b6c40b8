// Station console: receives point-to-point groups over the websocket (replay after being
// offline, then live), acks each entry once it is applied and saved, and sends arrivals.
// See docs/station-protocol.md.
import { signIn, token } from './session.js'

const VEHICLES = { bus: '大巴', train: '火车' }
const $ = (id) => document.getElementById(id)

const me = await signIn($('signin'), ['station_operator'])
const stationId = Number(me.scope)
const storeKey = `laborlink.station.${stationId}`
/** Applied state survives reloads: the last seq processed and each group's latest version. */
const state = { lastSeq: 0, groups: {}, arrived: {}, pendingArrivals: {}, ...JSON.parse(localStorage.getItem(storeKey) ?? '{}') }
const save = () => localStorage.setItem(storeKey, JSON.stringify(state))

let socket
let retryMs = 1000
let catchUpTo = 0

function setConnection(text, kind) {
  const badge = $('connection')
  badge.textContent = text
  badge.className = `connection ${kind}`
}

function connect() {
  setConnection('连接中…', '')
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  // The token travels as a subprotocol, never in the URL (which proxies and logs keep).
  socket = new WebSocket(`${scheme}://${location.host}/ws/stations/${stationId}?since=${state.lastSeq}`, ['laborlink.v1', `bearer.${token()}`])
  socket.addEventListener('message', (event) => receive(JSON.parse(event.data)))
  socket.addEventListener('close', (event) => {
    if ([4000, 4401, 4403].includes(event.code)) {
      setConnection(event.code === 4000 ? '已在别处打开' : '令牌无效', 'offline')
      return
    }
    setConnection(`离线，${Math.round(retryMs / 1000)} 秒后重连`, 'offline')
    setTimeout(connect, retryMs)
    retryMs = Math.min(retryMs * 2, 30_000)
  })
}

function receive(frame) {
  switch (frame.type) {
    case 'hello':
      retryMs = 1000
      setConnection('在线', 'online')
      catchUpTo = frame.lastSeq
      // The protocol's rule: what was processed above the server's recorded acks is acked again.
      if (frame.ackedThrough < state.lastSeq) socket.send(JSON.stringify({ type: 'ack', seq: state.lastSeq }))
      showCatchUp()
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
      const reported = state.pendingArrivals[frame.groupId] ?? []
      delete state.pendingArrivals[frame.groupId]
      state.arrived[frame.groupId] = {
        arrived: frame.arrived,
        inTransit: frame.inTransit,
        laborerIds: [...new Set([...earlier, ...reported])],
      }
      save()
      render()
      return
    }
    case 'error':
      console.warn('server refused a frame', frame.code, frame.message)
  }
}

/** Entries come in seq order; a replayed one (seq already processed) is only acked again. */
function apply(entry) {
  if (entry.seq > state.lastSeq) {
    const current = state.groups[entry.groupId]
    if (!current || current.version < entry.version) state.groups[entry.groupId] = { ...entry.data, type: entry.type }
    state.lastSeq = entry.seq
    save()
    render()
  }
  socket.send(JSON.stringify({ type: 'ack', seq: entry.seq }))
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
  if (cancelled) return card

  const seats = document.createElement('ul')
  seats.className = 'seats'
  for (const seat of group.seats) {
    const li = document.createElement('li')
    const label = document.createElement('label')
    const here = arrivedIds.has(seat.laborerId)
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: seat.laborerId, checked: here, disabled: here })
    label.append(box, `${seat.seat}号 ${seat.name}（${seat.countyName}）→ ${seat.employer} ${seat.jobTitle}`)
    li.append(label)
    seats.append(li)
  }
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'button', textContent: '确认勾选的人已到达' })
  button.addEventListener('click', () => {
    const laborerIds = [...seats.querySelectorAll('input:checked:not(:disabled)')].map((b) => Number(b.value))
    if (laborerIds.length === 0) return
    state.pendingArrivals[group.groupId] = laborerIds
    socket.send(JSON.stringify({ type: 'arrival', groupId: group.groupId, laborerIds }))
  })
  const arrived = state.arrived[group.groupId]
  const status = document.createElement('p')
  status.className = 'arrived-mark'
  status.textContent = arrived ? `已到达 ${arrived.arrived} 人，在途 ${arrived.inTransit} 人` : ''
  card.append(seats, button, status)
  return card
}

function render() {
  const groups = Object.values(state.groups).sort((a, b) => a.departureAt.localeCompare(b.departureAt))
  const live = groups.filter((g) => g.status !== 'cancelled')
  $('summary').textContent = `共 ${live.length} 个车次、${live.reduce((n, g) => n + g.seats.length, 0)} 人；已处理到第 ${state.lastSeq} 条`
  $('groups').replaceChildren(...groups.map(groupCard))
}

$('signin').hidden = true
$('console').hidden = false
$('who').textContent = me.label
render()
connect()
