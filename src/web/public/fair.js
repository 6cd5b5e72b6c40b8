// Job-fair board: counts and the latest matches, live over /ws/fairs/:id (ordered events
// with a sequence number; a reconnect resumes from the last one). With an organizer token
// the board also runs rounds and records the laborer's accept/decline.
//
// A wall screen opens /fair/:id#board=<board key>: the fragment never leaves the browser (no
// request, log or Referer holds it) and stays in the address, so a reload still works. The
// older /fair/:id?board=<key> still works (the server redacts it from its log); the page
// moves it into the fragment at once. The socket gets the key as a subprotocol, not in its URL.
import { api, signIn } from './session.js'

const STATUS = { proposed: '已推荐', accepted: '劳动者接受', confirmed: '单位确认', placed: '已上岗', declined: '已拒绝', withdrawn: '已撤回' }
const $ = (id) => document.getElementById(id)
const fairId = Number(location.pathname.split('/').pop())
const boardToken = new URLSearchParams(location.hash.slice(1)).get('board') ?? new URLSearchParams(location.search).get('board')
if (boardToken && location.search) history.replaceState(null, '', `${location.pathname}#board=${encodeURIComponent(boardToken)}`)

/** Matches the board keeps (the snapshot carries as many). */
const SHOWN = 50
/** A wall screen turns to the next page of matches this often (no one scrolls a wall). */
const PAGE_MS = Number(new URLSearchParams(location.hash.slice(1)).get('page') ?? 8) * 1000

const counts = { checkin: 0, jobs: 0, proposed: 0, accepted: 0, confirmed: 0, round: 0 }
const matches = new Map()
let lastSeq = 0
let organizer = false
let retryMs = 1000

function setConnection(text, kind) {
  $('connection').textContent = text
  $('connection').className = `connection ${kind}`
}

/** A board far behind gets the state as of `seq` (then the events after it): start from it. */
function restore(snapshot) {
  const { fair, counts: c, matches: recent } = snapshot.data
  Object.assign(counts, c)
  matches.clear()
  for (const m of [...recent].reverse()) matches.set(m.matchId, { ...m, fresh: false })
  if (boardToken && fair?.name) $('fair-name').textContent = `${fair.name} · ${fair.venue} · ${fair.date}`
  lastSeq = snapshot.seq
}

function apply(event) {
  if (event.type === 'snapshot') return restore(event)
  if (event.seq <= lastSeq) return
  lastSeq = event.seq
  const d = event.data
  switch (event.type) {
    case 'checkin': counts.checkin++; break
    case 'job.added': counts.jobs++; break
    case 'job.removed': counts.jobs--; break
    case 'fair.updated': if (d.name) $('fair-name').textContent = d.name; break
    case 'round': counts.round = d.round; break
    case 'match.proposed':
      counts.proposed++
      matches.set(d.matchId, { ...d, status: 'proposed', fresh: true })
      break
    default:
      if (event.type.startsWith('match.')) {
        const status = event.type.slice('match.'.length)
        const match = matches.get(d.matchId)
        if (match) Object.assign(match, { status, fresh: true })
        if (status === 'accepted') counts.accepted++
        if (status === 'confirmed') counts.confirmed++
      }
  }
}

function render() {
  for (const [key, value] of Object.entries(counts)) $(`count-${key}`).textContent = String(value)
  const latest = [...matches.values()].sort((a, b) => b.matchId - a.matchId).slice(0, SHOWN)
  $('matches-empty').hidden = latest.length > 0
  $('matches').tBodies[0].replaceChildren(
    ...latest.map((m) => {
      const tr = document.createElement('tr')
      tr.dataset.matchId = m.matchId
      if (m.fresh) tr.className = 'fresh'
      m.fresh = false
      for (const [text, cls] of [[`第${m.round}轮`], [m.name ?? '—', 'who'], [m.title ?? `岗位 ${m.jobId}`], [String(m.score), 'num'], [STATUS[m.status] ?? m.status]]) {
        const td = document.createElement('td')
        td.textContent = text
        if (cls) td.className = cls
        tr.append(td)
      }
      const actions = document.createElement('td')
      if (organizer && m.status === 'proposed') {
        for (const [action, label] of [['accept', '接受'], ['decline', '拒绝']]) {
          const button = Object.assign(document.createElement('button'), { type: 'button', className: 'button secondary', textContent: label })
          button.addEventListener('click', () => act(m.matchId, action))
          actions.append(button)
        }
      }
      tr.append(actions)
      return tr
    }),
  )
  if (wall) showPage()
}

/**
 * The wall screen: the matches fill the screen below the counters and turn page by page
 * (a page is what the box shows), back to the newest after the last. Reduced motion: no
 * smooth scrolling.
 */
const wall = Boolean(boardToken)
let page = 0
function pages() {
  const box = $('matches-box')
  const head = $('matches').tHead.offsetHeight
  // Whole rows per page: no row cut in half under the header.
  const row = $('matches').tBodies[0].rows[0]?.offsetHeight || 1
  const step = Math.max(1, Math.floor((box.clientHeight - head) / row)) * row
  return { box, step, count: Math.max(1, Math.ceil($('matches').tBodies[0].offsetHeight / step)) }
}
function showPage() {
  const { box, step, count } = pages()
  if (page >= count) page = 0
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches
  box.scrollTo({ top: page * step, behavior: smooth ? 'smooth' : 'auto' })
  $('page-note').textContent = count > 1 ? `第 ${page + 1} / ${count} 页，自动翻页` : ''
}
if (wall) {
  document.body.classList.add('wall')
  setInterval(() => {
    page = (page + 1) % pages().count
    showPage()
  }, PAGE_MS)
  addEventListener('resize', showPage)
}

function connect() {
  setConnection('连接中…', '')
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  // An organizer's socket is authenticated by the browser session's cookie; a board by its key.
  const protocols = boardToken ? ['laborlink.v1', `board.${boardToken}`] : ['laborlink.v1']
  const socket = new WebSocket(`${scheme}://${location.host}/ws/fairs/${fairId}?since=${lastSeq}`, protocols)
  socket.addEventListener('open', () => {
    retryMs = 1000
    setConnection('实时', 'online')
  })
  socket.addEventListener('message', (message) => {
    const event = JSON.parse(message.data)
    if (typeof event.seq !== 'number') return
    apply(event)
    render()
  })
  socket.addEventListener('close', (event) => {
    const full = event.code === 4429
    if (event.code >= 4400 && event.code < 4500 && !full) return setConnection('无权查看或不存在', 'offline')
    setConnection(full ? '连接数已满，稍后自动重连' : '离线，正在重连', 'offline')
    if (full) retryMs = Math.max(retryMs, 10_000)
    setTimeout(connect, retryMs)
    retryMs = Math.min(retryMs * 2, 30_000)
  })
}

async function runRound() {
  const response = await api(`/api/v1/fairs/${fairId}/rounds`, { method: 'POST' })
  const body = await response.json()
  $('round-result').textContent = response.ok ? `第 ${body.round} 轮推荐了 ${body.proposed.length} 对` : body.message
}

async function act(matchId, action) {
  const response = await api(`/api/v1/fairs/${fairId}/matches/${matchId}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  if (!response.ok) $('round-result').textContent = (await response.json()).message
}

if (!boardToken) {
  const me = await signIn($('signin'), ['fair_organizer', 'city_admin'])
  $('who').textContent = me.label
  organizer = true
  const fair = await api(`/api/v1/fairs/${fairId}`)
  if (fair.ok) {
    const { name, venue, date } = await fair.json()
    $('fair-name').textContent = `${name} · ${venue} · ${date}`
  }
  $('organizer').hidden = false
  $('run-round').addEventListener('click', runRound)
}
if (boardToken) {
  // The wall's key opens the socket only; the fair's name comes from its public poster.
  const poster = await fetch(`/api/v1/fairs/${fairId}/poster`)
  if (poster.ok) {
    const { name, venue, date } = await poster.json()
    $('fair-name').textContent = `${name} · ${venue} · ${date}`
  }
}
$('matches').classList.toggle('readonly', !organizer)
$('signin').hidden = true
$('live').hidden = false
connect()
