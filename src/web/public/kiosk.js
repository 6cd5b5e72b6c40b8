// Kiosk: search postings by characters, pinyin or initials; read them aloud; ask staff for help.
// The kiosk knows where it stands from ?point=<service point id>; no personal data is typed here.

const PAGE_SIZE = 10

const FILTERS = {
  partnerArea: [
    ['jingjinji', '京津冀'],
    ['yangtze_delta', '长三角'],
    ['greater_bay', '粤港澳'],
    ['in_province', '省内'],
    ['local', '忻州本地'],
  ],
  type: [
    ['regular', '长期工'],
    ['public_welfare', '公益岗位'],
    ['temporary', '临时工'],
    ['platform_gig', '外卖配送'],
    ['assistance_workshop', '帮扶车间'],
  ],
  brand: [
    ['xinzhou_yuesao', '忻州月嫂'],
    ['fanshi_xiuniang', '繁峙绣娘'],
    ['wutai_wagong', '五台瓦工'],
    ['baode_siji', '保德好司机'],
  ],
  benefits: [['包吃住', '包吃包住']],
}
const QUICK_WORDS = ['瓦工', '月嫂', '司机', '普工', '绣娘', '保洁', '厨师', '电焊工', '育婴师', '保安', '快递员', '养老护理员']
const TYPE_NAMES = Object.fromEntries(FILTERS.type)
const AREA_NAMES = Object.fromEntries(FILTERS.partnerArea.concat([['other', '其他地区']]))

const $ = (id) => document.getElementById(id)
const params = new URLSearchParams(location.search)
const point = params.get('point')
/** After this long without a touch the kiosk clears to its start screen (the next person must not see the last one's search). */
const IDLE_MS = Number(params.get('idle')) > 0 ? Number(params.get('idle')) : 90_000
const state = { q: '', partnerArea: new Set(), type: new Set(), brand: new Set(), benefits: new Set(), offset: 0, job: null, listScroll: 0 }
/** Chip buttons by filter and value, to show the counts each search answers. */
const chips = { partnerArea: new Map(), type: new Map(), brand: new Map(), benefits: new Map() }
const FACET_OF = { partnerArea: 'partnerArea', type: 'type', brand: 'laborBrand' }

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value)
    else if (key.startsWith('aria-')) node.setAttribute(key, value)
    else node[key] = value
  }
  node.append(...children.filter((c) => c !== null && c !== undefined))
  return node
}

/** Wages in the words people use: 月薪 4000–6000 元. */
export function wageWords({ wageMin, wageMax, wageUnit }) {
  const range = wageMin === wageMax ? `${wageMin}` : `${wageMin}–${wageMax}`
  switch (wageUnit) {
    case 'month': return `月薪 ${range} 元`
    case 'day': return `日薪 ${range} 元`
    case 'task': return `按活计钱 ${range} 元一趟`
    case 'piece': return `计件 ${range} 元一件`
    default: return `${range} 元`
  }
}

function dateWords(iso) {
  const [, m, d] = iso.split('-').map(Number)
  return `${m}月${d}日`
}

function contractWords(months) {
  if (!months) return '不签长期合同'
  return months % 12 === 0 ? `合同 ${months / 12} 年` : `合同 ${months} 个月`
}

function chip(label, pressed, onPress) {
  const button = el('button', { type: 'button', className: 'chip', 'aria-pressed': String(pressed) }, el('span', { textContent: label }), el('span', { className: 'count' }))
  button.addEventListener('click', () => {
    const now = button.getAttribute('aria-pressed') !== 'true'
    button.setAttribute('aria-pressed', String(now))
    onPress(now)
  })
  return button
}

function buildFilters() {
  for (const container of document.querySelectorAll('[data-filter]')) {
    const name = container.dataset.filter
    for (const [value, label] of FILTERS[name]) {
      const button = chip(label, false, (on) => {
        if (on) state[name].add(value)
        else state[name].delete(value)
        search(0)
      })
      chips[name].set(value, button)
      container.append(button)
    }
  }
  const quick = $('quick-words')
  for (const word of QUICK_WORDS) {
    const button = el('button', { type: 'button', className: 'chip', textContent: word })
    button.addEventListener('click', () => {
      $('q').value = word
      search(0)
    })
    quick.append(button)
  }
}

function buildKeyboard() {
  const keyboard = $('keyboard')
  const input = $('q')
  const max = input.maxLength > 0 ? input.maxLength : 64
  for (const letter of 'qwertyuiopasdfghjklzxcvbnm') {
    const key = el('button', { type: 'button', textContent: letter })
    key.addEventListener('click', () => {
      // The same limit as the search box and the server: a 65th letter is refused, and said so.
      if (input.value.length >= max) {
        $('limit-note').textContent = `最多只能写 ${max} 个字，请先删掉一些。`
        return
      }
      input.value += letter
      typed()
    })
    keyboard.append(key)
  }
  const backspace = el('button', { type: 'button', className: 'wide', textContent: '⌫ 退格' })
  backspace.addEventListener('click', () => {
    input.value = input.value.slice(0, -1)
    typed()
  })
  const clear = el('button', { type: 'button', className: 'wide', textContent: '清空' })
  clear.addEventListener('click', () => {
    input.value = ''
    typed()
  })
  const go = el('button', { type: 'button', className: 'wide', textContent: '找' })
  go.addEventListener('click', () => search(0))
  // Closing the keys is on the keys themselves: on a small screen the hint line holding the
  // 拼音键盘 button folds away while typing.
  const close = el('button', { type: 'button', className: 'wide', textContent: '收起' })
  close.addEventListener('click', () => setKeyboard(false))
  keyboard.append(backspace, clear, go, close)
  const toggle = $('keyboard-toggle')
  toggle.addEventListener('click', () => setKeyboard(keyboard.hidden))
}

/**
 * The keyboard sits fixed at the bottom of the screen; while it is open the filters fold
 * away so the results stand right under the search box, above the keys.
 */
function setKeyboard(open) {
  const keyboard = $('keyboard')
  keyboard.hidden = !open
  $('keyboard-toggle').setAttribute('aria-expanded', String(open))
  document.body.classList.toggle('typing', open)
  document.body.style.setProperty('--keyboard-height', open ? `${keyboard.offsetHeight}px` : '0px')
}

let typedTimer
/** Results follow the letters as they are pressed. */
function typed() {
  $('limit-note').textContent = ''
  clearTimeout(typedTimer)
  typedTimer = setTimeout(() => search(0), 250)
}

function searchParams(offset) {
  const params = new URLSearchParams({ q: $('q').value.trim(), limit: String(PAGE_SIZE), offset: String(offset) })
  for (const value of state.partnerArea) params.append('partnerArea', value)
  for (const value of state.type) params.append('type', value)
  for (const value of state.brand) params.append('brand', value)
  // The server reads 包吃住 as 包吃 and 包住 (or a posting that says 包吃住).
  for (const value of state.benefits) params.append('benefits', value)
  return params
}

async function search(offset) {
  state.offset = offset
  const status = $('status')
  status.textContent = '正在查找…'
  let body
  try {
    const response = await fetch(`/api/v1/jobs/search?${searchParams(offset)}`)
    body = await response.json()
    if (!response.ok) throw Object.assign(new Error(body.message), { code: body.code })
  } catch (error) {
    status.textContent = rateLimited(error) ? '查得太快了，请稍等一会儿再试。' : '暂时查不到，请稍后再试或找工作人员。'
    return
  }
  renderResults(body)
}

function rateLimited(error) {
  return error?.code === 'LL_RATE_LIMITED'
}

function renderCounts(facets) {
  for (const [name, facet] of Object.entries(FACET_OF)) {
    for (const [value, button] of chips[name]) {
      const n = facets?.[facet]?.[value] ?? 0
      button.querySelector('.count').textContent = `${n}`
      button.setAttribute('aria-label', `${button.firstChild.textContent}，${n} 个工作`)
    }
  }
}

function renderResults({ hits, total, facets, hint, estimated }) {
  const status = $('status')
  renderCounts(facets)
  status.textContent = hint ?? (total === 0 ? '没有找到合适的工作，换个词或少选几个条件试试。' : `找到 ${estimated ? '约 ' : ''}${total} 个工作`)
  const list = $('results')
  list.replaceChildren(
    ...hits.map((hit) => {
      const title = el('h2')
      title.innerHTML = hit.highlight.title // escaped by the server, matches in <mark>
      const open = el('button', { type: 'button', className: 'big', textContent: '看详情' })
      open.addEventListener('click', () => showDetail(hit.id))
      const card = el(
        'li',
        { className: 'card' },
        title,
        el('p', { className: 'wage', textContent: wageWords(hit) }),
        el(
          'div',
          { className: 'facts' },
          el('span', { textContent: `地点：${hit.place || AREA_NAMES[hit.partnerArea]}` }),
          el('span', { textContent: TYPE_NAMES[hit.type] ?? '' }),
          el('span', { textContent: `${dateWords(hit.startDate)}上岗` }),
          // Shown until this day and not after (one rule, src/search/document.ts): say so.
          el('span', { textContent: `${dateWords(hit.deadline)}前报名` }),
          el('span', { textContent: `还招 ${hit.openingsLeft} 人` }),
          // 岗位收集: a posting an out-of-province station collected says which one.
          ...(hit.recommendedBy ? [el('span', { className: 'recommended', textContent: `工作站推荐：${hit.recommendedBy}` })] : []),
        ),
        el('ul', { className: 'benefits' }, ...hit.benefits.map((b) => el('li', { textContent: b }))),
        el('p', { textContent: hit.employerName }),
        open,
      )
      // While typing on a small screen a card shows only its title and wage (the button
      // folds away): the whole card opens the posting.
      card.addEventListener('click', (event) => {
        if (document.body.classList.contains('typing') && event.target !== open) showDetail(hit.id)
      })
      return card
    }),
  )
  // Typing: the search box (what was typed) and the results stand together above the keys.
  if (document.body.classList.contains('typing')) {
    const keysTop = $('keyboard').getBoundingClientRect().top
    const first = list.firstElementChild ?? status
    if (first.getBoundingClientRect().top + 60 > keysTop || $('search-form').getBoundingClientRect().top < 0) {
      $('search-form').scrollIntoView({ block: 'start' })
    }
  }
  $('prev').hidden = state.offset === 0
  $('next').hidden = state.offset + PAGE_SIZE >= total
}

async function showDetail(id) {
  const response = await fetch(`/api/v1/kiosk/jobs/${id}`)
  if (!response.ok) {
    $('status').textContent = '这个工作刚招满了，请看看别的。'
    return search(state.offset)
  }
  const job = await response.json()
  state.job = job
  $('detail-title').textContent = job.title
  $('detail-wage').textContent = wageWords(job)
  $('detail-facts').replaceChildren(
    el('span', { textContent: `地点：${job.place || AREA_NAMES[job.partnerArea]}` }),
    el('span', { textContent: job.employerName }),
    el('span', { textContent: `${dateWords(job.startDate)}上岗` }),
    el('span', { textContent: contractWords(job.contractMonths) }),
    el('span', { textContent: `还招 ${job.openingsLeft} 人，${dateWords(job.deadline)}截止` }),
    ...(job.recommendedBy ? [el('span', { className: 'recommended', textContent: `工作站推荐：${job.recommendedBy}` })] : []),
  )
  $('detail-benefits').replaceChildren(...job.benefits.map((b) => el('li', { textContent: b })))
  $('detail-description').textContent = job.description
  $('notice').hidden = true
  $('ask-staff').disabled = !point
  $('ask-staff').title = point ? '' : '这台机器没有登记所在的服务站'
  state.listScroll = window.scrollY
  setKeyboard(false)
  // The browser's (or the kiosk frame's) back button returns to the list as ← 返回 does.
  if (history.state?.detail === undefined) history.pushState({ detail: id }, '')
  $('list').hidden = true
  $('detail').hidden = false
  window.scrollTo(0, 0)
  $('back').focus()
}

/** Whether this machine can read Chinese aloud: speech synthesis with a Chinese voice. */
function canSpeak() {
  if (!('speechSynthesis' in window)) return false
  return speechSynthesis.getVoices().some((v) => /^zh|cmn/i.test(v.lang))
}

function speakJob() {
  const job = state.job
  if (!job) return
  if (!canSpeak()) {
    const notice = $('notice')
    notice.hidden = false
    notice.classList.add('error')
    notice.textContent = '这台机器不能读出声音。请按“请工作人员帮我报名”，工作人员会来给您念。'
    return
  }
  const text = [
    job.title,
    wageWords(job),
    `工作地点：${job.place}`,
    `${dateWords(job.startDate)}上岗，${contractWords(job.contractMonths)}`,
    job.benefits.length ? `待遇：${job.benefits.join('，')}` : '',
    job.description,
  ].join('。')
  speechSynthesis.cancel()
  const utterance = new SpeechSynthesisUtterance(text)
  utterance.lang = 'zh-CN'
  utterance.rate = 0.9
  speechSynthesis.speak(utterance)
}

async function askStaff() {
  const notice = $('notice')
  const response = await fetch('/api/v1/kiosk/interests', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jobId: state.job.id, pointId: Number(point) }),
  })
  const body = await response.json()
  notice.hidden = false
  notice.classList.toggle('error', !response.ok)
  notice.textContent = response.ok ? body.message : '没能通知到工作人员，请直接到服务台找工作人员。'
}

function backToList() {
  if ('speechSynthesis' in window) speechSynthesis.cancel()
  $('detail').hidden = true
  $('list').hidden = false
  // The same page of results, at the same place.
  window.scrollTo(0, state.listScroll)
}

/** Back to the start screen: no words, no filters, first page, top. */
function clearToStart() {
  if ('speechSynthesis' in window) speechSynthesis.cancel()
  $('q').value = ''
  $('limit-note').textContent = ''
  for (const name of Object.keys(chips)) {
    state[name].clear()
    for (const button of chips[name].values()) button.setAttribute('aria-pressed', 'false')
  }
  $('subsidies').open = false
  $('notice').hidden = true
  setKeyboard(false)
  $('detail').hidden = true
  $('list').hidden = false
  state.job = null
  state.listScroll = 0
  if (history.state?.detail !== undefined) history.replaceState(null, '')
  window.scrollTo(0, 0)
  search(0)
}

let idleTimer
function touched() {
  clearTimeout(idleTimer)
  idleTimer = setTimeout(clearToStart, IDLE_MS)
}

async function loadSubsidies() {
  try {
    const response = await fetch('/api/v1/kiosk/subsidies')
    if (!response.ok) return
    const items = await response.json()
    $('subsidy-list').replaceChildren(...items.map((i) => el('li', {}, el('strong', { textContent: i.title }), el('span', { textContent: i.text }))))
  } catch {
    $('subsidies').hidden = true
  }
}

buildFilters()
buildKeyboard()
$('search-form').addEventListener('submit', (event) => {
  event.preventDefault()
  search(0)
})
// The list's place is restored by backToList, not by the browser's guess.
history.scrollRestoration = 'manual'
$('prev').addEventListener('click', () => search(Math.max(0, state.offset - PAGE_SIZE)))
$('next').addEventListener('click', () => search(state.offset + PAGE_SIZE))
$('back').addEventListener('click', () => (history.state?.detail !== undefined ? history.back() : backToList()))
window.addEventListener('popstate', () => {
  if (!$('detail').hidden) backToList()
})
$('speak').addEventListener('click', speakJob)
$('ask-staff').addEventListener('click', askStaff)
$('q').addEventListener('input', () => typed())
for (const type of ['pointerdown', 'keydown', 'input', 'scroll', 'touchstart']) window.addEventListener(type, touched, { passive: true })
touched()
loadSubsidies()
// The shipped Chinese font, once the first screen is up: its CSS names ~100 slices by
// unicode-range, and the browser fetches only those holding characters on the page.
window.addEventListener('load', () => {
  for (const weight of [400, 700]) document.head.append(el('link', { rel: 'stylesheet', href: `/assets/fonts/noto-sans-sc/${weight}.css` }))
}, { once: true })
search(0)
