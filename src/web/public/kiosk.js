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
const point = new URLSearchParams(location.search).get('point')
const state = { q: '', partnerArea: new Set(), type: new Set(), brand: new Set(), benefits: new Set(), offset: 0, job: null }

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
  const button = el('button', { type: 'button', className: 'chip', textContent: label, 'aria-pressed': String(pressed) })
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
      container.append(
        chip(label, false, (on) => {
          if (on) state[name].add(value)
          else state[name].delete(value)
          search(0)
        }),
      )
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
  for (const letter of 'qwertyuiopasdfghjklzxcvbnm') {
    const key = el('button', { type: 'button', textContent: letter })
    key.addEventListener('click', () => {
      input.value += letter
    })
    keyboard.append(key)
  }
  const backspace = el('button', { type: 'button', className: 'wide', textContent: '⌫ 退格' })
  backspace.addEventListener('click', () => {
    input.value = input.value.slice(0, -1)
  })
  const clear = el('button', { type: 'button', className: 'wide', textContent: '清空' })
  clear.addEventListener('click', () => {
    input.value = ''
  })
  const go = el('button', { type: 'button', className: 'wide', textContent: '找' })
  go.addEventListener('click', () => search(0))
  keyboard.append(backspace, clear, go)
  const toggle = $('keyboard-toggle')
  toggle.addEventListener('click', () => {
    keyboard.hidden = !keyboard.hidden
    toggle.setAttribute('aria-expanded', String(!keyboard.hidden))
  })
}

function searchParams(offset) {
  const params = new URLSearchParams({ q: $('q').value.trim(), limit: String(PAGE_SIZE), offset: String(offset) })
  for (const value of state.partnerArea) params.append('partnerArea', value)
  for (const value of state.type) params.append('type', value)
  for (const value of state.brand) params.append('brand', value)
  if (state.benefits.has('包吃住')) {
    params.append('benefits', '包吃')
    params.append('benefits', '包住')
  }
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
    if (!response.ok) throw new Error(body.message)
  } catch (error) {
    status.textContent = response429(error) ? '查得太快了，请稍等一会儿再试。' : '暂时查不到，请稍后再试或找工作人员。'
    return
  }
  renderResults(body)
}

function response429(error) {
  return /too many|rate limit/i.test(String(error?.message))
}

function renderResults({ hits, total }) {
  const status = $('status')
  status.textContent = total === 0 ? '没有找到合适的工作，换个词或少选几个条件试试。' : `找到 ${total} 个工作`
  const list = $('results')
  list.replaceChildren(
    ...hits.map((hit) => {
      const title = el('h2')
      title.innerHTML = hit.highlight.title // escaped by the server, matches in <mark>
      const open = el('button', { type: 'button', className: 'big', textContent: '看详情' })
      open.addEventListener('click', () => showDetail(hit.id))
      return el(
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
          el('span', { textContent: `还招 ${hit.openingsLeft} 人` }),
        ),
        el('ul', { className: 'benefits' }, ...hit.benefits.map((b) => el('li', { textContent: b }))),
        el('p', { textContent: hit.employerName }),
        open,
      )
    }),
  )
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
  )
  $('detail-benefits').replaceChildren(...job.benefits.map((b) => el('li', { textContent: b })))
  $('detail-description').textContent = job.description
  $('notice').hidden = true
  $('ask-staff').disabled = !point
  $('ask-staff').title = point ? '' : '这台机器没有登记所在的服务站'
  $('speak').hidden = !('speechSynthesis' in window)
  $('list').hidden = true
  $('detail').hidden = false
  $('back').focus()
}

function speakJob() {
  const job = state.job
  if (!job || !('speechSynthesis' in window)) return
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
}

buildFilters()
buildKeyboard()
$('search-form').addEventListener('submit', (event) => {
  event.preventDefault()
  search(0)
})
$('prev').addEventListener('click', () => search(Math.max(0, state.offset - PAGE_SIZE)))
$('next').addEventListener('click', () => search(state.offset + PAGE_SIZE))
$('back').addEventListener('click', backToList)
$('speak').addEventListener('click', speakJob)
$('ask-staff').addEventListener('click', askStaff)
search(0)
