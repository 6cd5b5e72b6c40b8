// The workbench (/desk/): one app for village agents, township staff and county officers,
// phone first, in Chinese, usable offline. Plain ES modules, no build step, no framework:
// cheap phones on 3G load it in a few seconds.
import { currentCaller, signIn } from './session.js'
import * as store from './desk-store.js'

const $ = (id) => document.getElementById(id)
const CSRF = { 'x-laborlink-csrf': '1' }

const ROLE = { village_agent: '村就业专员', township_staff: '乡镇服务站', county_officer: '县就业中心', city_admin: '市就业局' }
// The Chinese words for codes come from the server (GET /desk/labels, from the domains that
// own them: employments, visits, laborers) and are kept on the phone for offline starts.
let POVERTY = {}
let STATUS = {}
export let FORMS = {}
let END_REASONS = {}
let SOURCES = {}
let VISIT_METHODS = {}
let VISIT_OUTCOMES = {}
let WISHES = {}

async function loadLabels() {
  let labels = null
  if (navigator.onLine) labels = await getJson('/api/v1/desk/labels').catch(() => null)
  if (labels) await store.setMeta('labels', labels)
  else labels = await store.getMeta('labels')
  if (!labels) return
  ;({ poverty: POVERTY, status: STATUS, forms: FORMS, endReasons: END_REASONS, sources: SOURCES, visitMethods: VISIT_METHODS, visitOutcomes: VISIT_OUTCOMES, wishes: WISHES } = labels)
}
/** Provinces other than Shanxi, for a job's place (省外务工). */
const PROVINCES = {
  11: '北京市', 12: '天津市', 13: '河北省', 15: '内蒙古自治区', 21: '辽宁省', 22: '吉林省', 23: '黑龙江省', 31: '上海市', 32: '江苏省',
  33: '浙江省', 34: '安徽省', 35: '福建省', 36: '江西省', 37: '山东省', 41: '河南省', 42: '湖北省', 43: '湖南省', 44: '广东省',
  45: '广西壮族自治区', 46: '海南省', 50: '重庆市', 51: '四川省', 52: '贵州省', 53: '云南省', 54: '西藏自治区', 61: '陕西省', 62: '甘肃省',
  63: '青海省', 64: '宁夏回族自治区', 65: '新疆维吾尔自治区',
}
const VISIT_OVERDUE_DAYS = 30

let me
let online = navigator.onLine

// ------------------------------------------------------------------ small helpers

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value)
    else if (key === 'text') node.textContent = value
    else node.setAttribute(key, value === true ? '' : value)
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child)
  return node
}

/** Today in Asia/Shanghai, whatever the phone's zone. */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}
function shanghaiTime(iso) {
  if (!iso) return '从未'
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
}
function daysBetween(a, b) {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)
}
function age(birthDate) {
  const t = today()
  let years = Number(t.slice(0, 4)) - Number(birthDate.slice(0, 4))
  if (t.slice(5) < birthDate.slice(5)) years--
  return years
}

async function request(path, options = {}) {
  const method = (options.method ?? 'GET').toUpperCase()
  const headers = { ...(options.body ? { 'content-type': 'application/json' } : {}), ...(method === 'GET' ? {} : CSRF), ...(options.headers ?? {}) }
  return fetch(path, { ...options, method, headers, credentials: 'same-origin', body: options.body ? JSON.stringify(options.body) : undefined })
}

/** GET JSON; null when there is no signal or the server refuses (the caller falls back to the device). */
async function getJson(path) {
  try {
    const response = await request(path)
    if (response.status === 401) return signedOut()
    if (!response.ok) return null
    return await response.json()
  } catch {
    return null
  }
}

function setTitle(text, back) {
  $('title').textContent = text
  document.title = `${text} · 忻州就业服务`
  const old = document.querySelector('.bar .back')
  if (old) old.remove()
  if (back) $('title').before(h('a', { class: 'back', href: back, text: '返回' }))
}

function page(...children) {
  const main = $('main')
  main.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false))
  window.scrollTo(0, 0)
  return main
}

function message(text, bad = false) {
  return h('p', { class: bad ? 'message bad' : 'message', role: bad ? 'alert' : 'status', text })
}

// ------------------------------------------------------------------ sync status and queue

async function renderSync() {
  const waiting = (await store.queued()).length
  const trouble = (await store.problems()).length
  const synced = await store.getMeta('syncedAt')
  const bar = $('sync')
  bar.hidden = false
  bar.className = `sync${trouble ? ' trouble' : online ? '' : ' offline'}`
  bar.replaceChildren(
    h('span', { id: 'net', text: online ? '在线' : '无信号（离线可用）' }),
    h('span', { id: 'waiting', text: `待同步 ${waiting} 条` }),
    h('span', { id: 'synced', text: `上次同步 ${shanghaiTime(synced)}` }),
  )
  if (trouble) bar.append(h('a', { href: '#/sync', class: 'tag bad', id: 'trouble', text: `${trouble} 条需要处理` }))
}

/** Sends what waits, then refreshes the roster. */
async function syncNow() {
  if (!me) return
  const outcome = await store.sync(async (entry) => {
    const url = await resolveUrl(entry.url)
    const response = await request(url, { method: entry.method, body: entry.body })
    if (response.ok && entry.kind === 'employment') {
      const record = await response.clone().json()
      const ids = (await store.getMeta('ids')) ?? {}
      ids[entry.clientId] = record.id
      await store.setMeta('ids', ids)
    }
    return response
  })
  if (outcome.stopped === 'signed-out') return signedOut()
  if (!outcome.stopped && me.role === 'village_agent') await refreshRoster()
  await renderSync()
  if (outcome.sent > 0 || outcome.problems > 0) route()
}

/** A change queued against a record made offline names it by client id until the server gives one. */
async function resolveUrl(url) {
  const match = /\{client:([^}]+)\}/.exec(url)
  if (!match) return url
  const ids = (await store.getMeta('ids')) ?? {}
  if (!ids[match[1]]) throw new Error('not yet')
  return url.replace(match[0], ids[match[1]])
}

/** Queues a change, then tries to send it at once (it stays queued without signal). */
async function change(entry) {
  await store.enqueue(entry)
  await renderSync()
  if (navigator.onLine) await syncNow()
}

async function refreshRoster() {
  const roster = await getJson('/api/v1/desk/roster')
  if (!roster) return false
  await store.saveRoster(roster.laborers)
  await store.setMeta('village', roster.village)
  await store.setMeta('rosterAt', roster.at)
  return true
}

function signedOut() {
  me = null
  location.hash = ''
  location.reload()
  return null
}

// ------------------------------------------------------------------ village agent: list

const FILTERS = {
  all: { label: '全部', test: () => true },
  unemployed: { label: '未就业', test: (l) => l.employmentStatus === 'unemployed' },
  training: { label: '想培训', test: (l) => l.trainingWishes.length > 0 },
  monitored: { label: '监测对象', test: (l) => l.povertyStatus === 'monitored' },
  overdue: { label: `超过${VISIT_OVERDUE_DAYS}天未走访`, test: (l) => l.visitOverdue },
}
let filter = 'all'
let query = ''

function chips(laborer) {
  const tags = [h('span', { class: laborer.employmentStatus === 'unemployed' ? 'tag warn' : 'tag ok', text: STATUS[laborer.employmentStatus] ?? laborer.employmentStatus })]
  if (laborer.povertyStatus !== 'ordinary') tags.push(h('span', { class: laborer.povertyStatus === 'monitored' ? 'tag bad' : 'tag', text: POVERTY[laborer.povertyStatus] }))
  if (laborer.trainingWishes.length) tags.push(h('span', { class: 'tag', text: '想培训' }))
  if (FILTERS.overdue.test(laborer)) tags.push(h('span', { class: 'tag warn', text: '待走访' }))
  if (laborer.pending) tags.push(h('span', { class: 'tag pending', text: '待同步' }))
  return tags
}

function matches(laborer, q) {
  if (!q) return true
  const lower = q.toLowerCase().replace(/\s+/g, '')
  return laborer.name.includes(q) || laborer.pinyin.startsWith(lower) || laborer.initials.startsWith(lower) || laborer.pinyin.includes(lower)
}

async function villageList() {
  const village = await store.getMeta('village')
  setTitle(village ? village.name : '我的村')
  const all = await store.allLaborers()
  const pendingIds = new Set((await store.queued()).map((e) => e.laborerId))
  for (const l of all) l.pending = pendingIds.has(l.id)
  const listNode = h('ul', { class: 'list', id: 'laborers' })
  const countNode = h('p', { class: 'count', id: 'count' })
  const draw = () => {
    const shown = all.filter((l) => FILTERS[filter].test(l) && matches(l, query))
    countNode.textContent = `共 ${shown.length} 人${filter === 'all' && !query ? '' : `（全村 ${all.length} 人）`}`
    listNode.replaceChildren(
      ...shown.slice(0, 300).map((l) =>
        h('li', {}, h('a', { href: `#/l/${l.id}` }, h('span', { class: 'name', text: l.name }), h('span', { class: 'muted', text: `${l.gender === 'female' ? '女' : '男'} ${age(l.birthDate)}岁` }), h('br'), chips(l))),
      ),
    )
    for (const button of chipRow.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.dataset.filter === filter))
  }
  const chipRow = h(
    'div',
    { class: 'chips', role: 'group', 'aria-label': '筛选' },
    Object.entries(FILTERS).map(([key, f]) => h('button', { type: 'button', 'data-filter': key, 'aria-pressed': 'false', onclick: () => ((filter = key), draw()), text: f.label })),
  )
  const search = h('input', {
    type: 'search',
    id: 'search',
    'aria-label': '按姓名或拼音查找',
    placeholder: '姓名或拼音，如 zhang 或 zs',
    value: query,
    autocomplete: 'off',
    oninput: (event) => ((query = event.target.value.trim()), draw()),
  })
  page(
    h('div', { class: 'search' }, search),
    chipRow,
    h('div', { class: 'row' }, countNode, h('a', { class: 'primary push', href: '#/new', text: '＋ 新增劳动力' })),
    all.length === 0 ? h('p', { text: online ? '本村还没有登记的劳动力。' : '设备上还没有本村名单：请在有信号时打开一次。' }) : null,
    listNode,
  )
  draw()
}

// ------------------------------------------------------------------ laborer card

/** The card's data: from the server when there is signal (kept for offline), else from the device. */
async function loadCard(id) {
  const laborer = await getLaborerAnywhere(id)
  if (!laborer) return null
  let jobs = null
  let visits = null
  if (online) {
    jobs = await getJson(`/api/v1/laborers/${id}/employments`)
    visits = await getJson(`/api/v1/laborers/${id}/visits`)
  }
  const kept = await store.getCard(id)
  const card = { id, laborer, jobs: jobs ?? kept?.jobs ?? [], visits: visits ?? kept?.visits ?? [], at: jobs ? new Date().toISOString() : kept?.at }
  if (jobs && me.role === 'village_agent') await store.putCard({ id, jobs: card.jobs, visits: card.visits, at: card.at })
  // Changes still waiting on this device show on the card as they will be on the server.
  for (const entry of await store.queued()) {
    if (entry.laborerId !== id) continue
    if (entry.kind === 'employment') card.jobs.unshift({ ...entry.body, id: `{client:${entry.clientId}}`, formLabel: FORMS[entry.body.form], endDate: null, pending: true, selfFound: true, verified: false, placeName: entry.placeName })
    if (entry.kind === 'end') {
      const job = card.jobs.find((j) => entry.url.includes(`/employments/${j.id}/`))
      if (job) Object.assign(job, { endDate: entry.body.endDate, endReasonLabel: END_REASONS[entry.body.reason], pending: true })
    }
    if (entry.kind === 'visit') card.visits.unshift({ ...entry.body, pending: true })
  }
  return card
}

async function getLaborerAnywhere(id) {
  const local = await store.getLaborer(id)
  if (local || !online) return local
  const remote = await getJson(`/api/v1/laborers/${id}`)
  return remote ? { ...remote, pinyin: '', initials: '' } : null
}

function jobLine(job) {
  return h(
    'div',
    { class: 'item job' },
    h('p', {}, h('strong', { text: job.formLabel ?? FORMS[job.form] }), ' ', job.employerName || '', job.pending ? h('span', { class: 'tag pending', text: '待同步' }) : null),
    h('p', { class: 'muted', text: `${job.placeName || ''} ${job.startDate} 起${job.endDate ? `，${job.endDate} 结束（${job.endReasonLabel ?? ''}）` : ''}` }),
    job.selfFound ? h('p', {}, h('span', { class: job.verified ? 'tag ok' : 'tag warn', text: job.verified ? '乡镇已核实' : '自主就业 · 待乡镇核实' })) : null,
    !job.endDate && me.role !== 'county_officer' && typeof job.id === 'number' || (!job.endDate && job.pending)
      ? h('a', { class: 'secondary', href: `#/l/${job.laborerId ?? current}/end/${encodeURIComponent(job.id)}`, text: '务工结束' })
      : null,
  )
}
let current

async function laborerCard(id) {
  current = id
  const card = await loadCard(id)
  if (!card) {
    setTitle('劳动力', '#/')
    return page(message('找不到此人，或不在您的管辖范围内。', true))
  }
  const l = card.laborer
  setTitle(l.name, '#/')
  const open = card.jobs.filter((j) => !j.endDate)
  const past = card.jobs.filter((j) => j.endDate)
  page(
    h('div', { class: 'chips' }, chips(l)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', { text: '身份证' }), h('dd', { text: l.idNumber }),
      h('dt', { text: '手机' }), h('dd', { text: l.phone }),
      h('dt', { text: '性别 年龄' }), h('dd', { text: `${l.gender === 'female' ? '女' : '男'} ${age(l.birthDate)}岁` }),
      h('dt', { text: '技能' }), h('dd', { text: l.skills.map((s) => s.occupation ?? s).join('、') || '—' }),
      h('dt', { text: '培训意愿' }), h('dd', { text: l.trainingWishes.join('、') || '—' }),
      h('dt', { text: '务工意愿' }), h('dd', { text: l.destinationWishes.map((w) => WISHES[w] ?? w).join('、') || '—' }),
    ),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'primary', href: `#/l/${id}/job`, text: '登记就业' }),
      h('a', { class: 'primary', href: `#/l/${id}/visit`, text: '记录走访' }),
      h('a', { class: 'secondary', href: `#/l/${id}/wish`, text: '更新意愿' }),
    ),
    h('h2', { text: '当前工作' }),
    open.length ? open.map(jobLine) : h('p', { class: 'muted', text: '目前没有在岗记录。' }),
    h('h2', { text: '务工经历' }),
    past.length ? past.map(jobLine) : h('p', { class: 'muted', text: '暂无。' }),
    h('h2', { text: '走访记录' }),
    card.visits.length
      ? card.visits.map((v) =>
          h('div', { class: 'item visit' },
            h('p', {}, h('strong', { text: `${v.visitDate} ${VISIT_METHODS[v.method] ?? ''}` }), ' ', VISIT_OUTCOMES[v.outcome] ?? '', v.pending ? h('span', { class: 'tag pending', text: '待同步' }) : null),
            v.note ? h('p', { text: v.note }) : null,
            v.nextVisitDue ? h('p', { class: 'muted', text: `下次走访 ${v.nextVisitDue}` }) : null))
      : h('p', { class: 'muted', text: '还没有走访记录。' }),
    card.at ? h('p', { class: 'muted', text: `资料更新于 ${shanghaiTime(card.at)}` }) : null,
  )
}

// ------------------------------------------------------------------ forms

function field(label, input, hint) {
  return h('label', {}, label, input, hint ? h('span', { class: 'hint', text: hint }) : null)
}
function select(name, options, value) {
  return h('select', { name, required: true }, Object.entries(options).map(([k, v]) => h('option', { value: k, selected: k === value || undefined, text: v })))
}
function formPage(title, back, fields, submitText, onSubmit) {
  setTitle(title, back)
  const status = h('div', { id: 'form-status' })
  const form = h('form', { class: 'sheet', novalidate: true }, fields, status, h('button', { class: 'primary', type: 'submit', text: submitText }))
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    status.replaceChildren()
    const button = form.querySelector('button[type=submit]')
    button.disabled = true
    try {
      const problem = await onSubmit(Object.fromEntries(new FormData(form)), form)
      if (problem) status.replaceChildren(message(problem, true))
    } finally {
      button.disabled = false
    }
  })
  page(form)
  return form
}

/** Places for a job: the home county, the rest of the city and province, other provinces. */
async function placeSelect(laborer) {
  const county = laborer.villageCode.slice(0, 6)
  let places = await store.getMeta('places')
  if (!places && online) {
    const city = await getJson(`/api/v1/regions/${county.slice(0, 4)}`)
    const province = await getJson(`/api/v1/regions/${county.slice(0, 2)}`)
    if (city && province) {
      places = { city: city.children.map((c) => [c.code, c.name]), province: province.children.map((c) => [c.code, c.name]), cityName: city.name }
      await store.setMeta('places', places)
    }
  }
  const homeName = places?.city.find(([code]) => code === county)?.[1] ?? '本县'
  return h(
    'select',
    { name: 'placeCode', required: true, id: 'place' },
    h('option', { value: county, text: `本县（${homeName}）` }),
    places ? h('optgroup', { label: `${places.cityName}其他县区` }, places.city.filter(([c]) => c !== county).map(([c, n]) => h('option', { value: c, text: n }))) : null,
    places ? h('optgroup', { label: '省内其他市' }, places.province.filter(([c]) => c !== county.slice(0, 4)).map(([c, n]) => h('option', { value: c, text: n }))) : null,
    h('optgroup', { label: '外省' }, Object.entries(PROVINCES).map(([c, n]) => h('option', { value: c, text: n }))),
  )
}

/** The form a place suggests: outside the province 省外务工, outside the home county 省内县外务工, else 县内务工. */
function formForPlace(place, laborer) {
  if (place.slice(0, 2) !== laborer.villageCode.slice(0, 2)) return 'cross_province'
  return place.startsWith(laborer.villageCode.slice(0, 6)) ? 'local' : 'in_province'
}

async function jobForm(id) {
  const laborer = await getLaborerAnywhere(id)
  if (!laborer) return laborerCard(id)
  const place = await placeSelect(laborer)
  const form = select('form', FORMS, 'local')
  place.addEventListener('change', () => (form.value = formForPlace(place.value, laborer)))
  formPage(
    `登记就业 · ${laborer.name}`,
    `#/l/${id}`,
    [
      field('工作地点', place),
      field('就业形式', form, '按工作地点自动选择，可修改'),
      field('单位或雇主', h('input', { name: 'employerName', maxlength: 100, placeholder: '如：北京某建筑公司' })),
      field('开始日期', h('input', { name: 'startDate', type: 'date', required: true, value: today(), max: today() })),
      field('月收入（元，可不填）', h('input', { name: 'monthlyIncome', type: 'number', inputmode: 'numeric', min: 0, max: 200000 })),
      field('信息来源', select('source', SOURCES, 'self_reported'), '自主就业需乡镇核实后计入补贴'),
    ],
    '保存',
    async (values) => {
      if (values.startDate > today()) return '开始日期不能晚于今天'
      const body = { form: values.form, placeCode: values.placeCode, startDate: values.startDate, source: values.source }
      if (values.employerName.trim()) body.employerName = values.employerName.trim()
      if (values.monthlyIncome !== '') body.monthlyIncome = Number(values.monthlyIncome)
      const placeName = place.selectedOptions[0]?.textContent ?? ''
      await change({ kind: 'employment', method: 'POST', url: `/api/v1/laborers/${id}/employments`, body, laborerId: id, placeName, label: `${laborer.name}：登记就业（${FORMS[body.form]}）` })
      location.hash = `#/l/${id}`
    },
  )
}

async function endForm(id, jobId) {
  const laborer = await getLaborerAnywhere(id)
  if (!laborer) return laborerCard(id)
  formPage(
    `务工结束 · ${laborer.name}`,
    `#/l/${id}`,
    [
      field('结束日期', h('input', { name: 'endDate', type: 'date', required: true, value: today(), max: today() })),
      field('原因', select('reason', END_REASONS, 'contract_ended'), '欠薪、工伤会提醒乡镇和县里跟进'),
      field('说明（可不填）', h('textarea', { name: 'note', maxlength: 200, rows: 2 })),
    ],
    '保存',
    async (values) => {
      if (values.endDate > today()) return '结束日期不能晚于今天'
      const body = { endDate: values.endDate, reason: values.reason }
      if (values.note.trim()) body.note = values.note.trim()
      await change({ kind: 'end', method: 'POST', url: `/api/v1/employments/${jobId}/end`, body, laborerId: id, label: `${laborer.name}：务工结束（${END_REASONS[body.reason]}）` })
      location.hash = `#/l/${id}`
    },
  )
}

async function visitForm(id) {
  const laborer = await getLaborerAnywhere(id)
  if (!laborer) return laborerCard(id)
  formPage(
    `记录走访 · ${laborer.name}`,
    `#/l/${id}`,
    [
      field('走访日期', h('input', { name: 'visitDate', type: 'date', required: true, value: today(), max: today() })),
      field('方式', select('method', VISIT_METHODS, 'home')),
      field('情况', select('outcome', VISIT_OUTCOMES, 'working')),
      field('记录（可不填）', h('textarea', { name: 'note', maxlength: 500, rows: 3 })),
      field('下次走访（可不填）', h('input', { name: 'nextVisitDue', type: 'date', min: today() })),
    ],
    '保存',
    async (values) => {
      if (values.visitDate > today()) return '走访日期不能晚于今天'
      const body = { visitDate: values.visitDate, method: values.method, outcome: values.outcome }
      if (values.note.trim()) body.note = values.note.trim()
      if (values.nextVisitDue) body.nextVisitDue = values.nextVisitDue
      await change({ kind: 'visit', method: 'POST', url: `/api/v1/laborers/${id}/visits`, body, laborerId: id, label: `${laborer.name}：走访（${VISIT_OUTCOMES[body.outcome]}）` })
      location.hash = `#/l/${id}`
    },
  )
}

async function wishForm(id) {
  const laborer = await getLaborerAnywhere(id)
  if (!laborer) return laborerCard(id)
  formPage(
    `更新意愿 · ${laborer.name}`,
    `#/l/${id}`,
    [
      field('想参加的培训', h('input', { name: 'training', value: laborer.trainingWishes.join('、'), placeholder: '如：电工、育婴师（用顿号隔开）' })),
      h('fieldset', {}, h('legend', { text: '想去哪里务工' }), Object.entries(WISHES).map(([k, v]) =>
        h('label', { class: 'radio' }, h('input', { type: 'checkbox', name: `wish-${k}`, checked: laborer.destinationWishes.includes(k) || undefined }), v))),
    ],
    '保存',
    async (values) => {
      const trainingWishes = values.training.split(/[、,，\s]+/).map((s) => s.trim()).filter(Boolean).slice(0, 20)
      const destinationWishes = Object.keys(WISHES).filter((k) => values[`wish-${k}`])
      await change({ kind: 'patch', method: 'PATCH', url: `/api/v1/laborers/${id}`, body: { trainingWishes, destinationWishes }, laborerId: id, label: `${laborer.name}：更新意愿` })
      await store.putLaborer({ ...laborer, trainingWishes, destinationWishes })
      location.hash = `#/l/${id}`
    },
  )
}

// ------------------------------------------------------------------ new laborer (online)

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** What is wrong with a national ID as typed so far (GB 11643), or '' when nothing is. */
export function idProblem(raw) {
  const id = raw.trim().toUpperCase()
  if (!id) return ''
  if (!/^[0-9]{0,17}[0-9X]?$/.test(id) || (id.includes('X') && !id.endsWith('X'))) return '身份证号只能是数字，最后一位可以是 X'
  if (id.length >= 14) {
    const y = Number(id.slice(6, 10))
    const m = Number(id.slice(10, 12))
    const d = Number(id.slice(12, 14))
    const date = new Date(Date.UTC(y, m - 1, d))
    if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return `出生日期 ${id.slice(6, 14)} 不存在，请核对第 7–14 位`
    if (id.slice(6, 14) > today().replaceAll('-', '')) return '出生日期晚于今天，请核对第 7–14 位'
  }
  if (id.length < 18) return ''
  const sum = WEIGHTS.reduce((total, w, i) => total + w * Number(id[i]), 0)
  return CHECK[sum % 11] === id[17] ? '' : '校验位不对：请逐位核对，可能有一位输错'
}

async function newLaborer() {
  const village = await store.getMeta('village')
  const idInput = h('input', { name: 'idNumber', id: 'id-number', required: true, inputmode: 'text', maxlength: 18, autocomplete: 'off', 'aria-describedby': 'id-check' })
  const idCheck = h('span', { id: 'id-check', class: 'hint', 'aria-live': 'polite', text: '18 位，输入时即检查出生日期和校验位' })
  idInput.addEventListener('input', () => {
    const problem = idProblem(idInput.value)
    const complete = idInput.value.trim().length === 18
    idInput.setAttribute('aria-invalid', String(Boolean(problem)))
    idCheck.className = problem ? 'field-error' : complete ? 'field-ok' : 'hint'
    idCheck.textContent = problem || (complete ? `格式正确，出生日期 ${idInput.value.slice(6, 10)}-${idInput.value.slice(10, 12)}-${idInput.value.slice(12, 14)}` : '18 位，输入时即检查出生日期和校验位')
  })
  const form = formPage(
    '新增劳动力',
    '#/',
    [
      online ? null : message('新增劳动力需要信号（要向全市核对是否已登记）。请到有信号处再提交。', true),
      field('姓名', h('input', { name: 'name', required: true, maxlength: 50, autocomplete: 'off' })),
      h('label', {}, '身份证号', idInput, idCheck),
      field('手机号', h('input', { name: 'phone', required: true, inputmode: 'tel', maxlength: 11, autocomplete: 'off' })),
      field('户籍类别', select('povertyStatus', POVERTY, 'ordinary')),
      field('想参加的培训（可不填）', h('input', { name: 'training', placeholder: '如：电工、育婴师' })),
    ],
    '登记',
    async (values) => {
      const idNumber = values.idNumber.trim().toUpperCase()
      const problem = idNumber.length !== 18 ? '身份证号应为 18 位' : idProblem(idNumber)
      if (problem) return `身份证号：${problem}`
      if (!/^1[3-9][0-9]{9}$/.test(values.phone.trim())) return '手机号：应为 11 位手机号码'
      if (!values.name.trim()) return '姓名：请填写'
      const body = {
        name: values.name.trim(),
        idNumber,
        phone: values.phone.trim(),
        povertyStatus: values.povertyStatus,
        villageCode: village?.code ?? me.scope,
        trainingWishes: values.training.split(/[、,，\s]+/).map((s) => s.trim()).filter(Boolean),
      }
      let response
      try {
        response = await request('/api/v1/laborers', { method: 'POST', body })
      } catch {
        return '没有信号，未登记。请到有信号处再提交（已填写的内容还在）。'
      }
      if (response.status === 401) return signedOut()
      const answer = await response.json()
      if (response.status === 409 && answer.code === 'LL_ALREADY_REGISTERED') {
        return '此身份证号已在系统中登记（可能在其他村或其他地区）。为保护个人信息，这里不显示登记在哪里；如需迁入本村，请联系乡镇服务站办理。'
      }
      if (!response.ok) return answer.message ?? '登记失败'
      await store.putLaborer({ ...answer, skills: [], pinyin: '', initials: '' })
      if (me.role === 'village_agent') await refreshRoster()
      location.hash = `#/l/${answer.id}`
    },
  )
  form.querySelector('[name=name]').focus()
}

// ------------------------------------------------------------------ queue problems

async function syncPage() {
  setTitle('同步情况', '#/')
  const waiting = await store.queued()
  const trouble = await store.problems()
  page(
    h('p', { class: 'muted', text: `已登录：${ROLE[me.role]} · ${me.label}` }),
    h('h2', { text: `需要处理（${trouble.length}）` }),
    trouble.length
      ? trouble.map((p) =>
          h('div', { class: 'item problem' },
            h('p', {}, h('strong', { text: p.label })),
            h('p', { class: 'field-error', text: p.code === 'LL_EMPLOYMENT_ENDED' || p.status === 409 ? `与服务器上更新的记录冲突：${p.message}` : `服务器未接受：${p.message}` }),
            h('p', { class: 'muted', text: `在本机记录于 ${shanghaiTime(p.createdAt)}。服务器上的记录保持不变；请核对后重新录入，或确认放弃这条修改。` }),
            h('div', { class: 'row' },
              p.laborerId ? h('a', { class: 'secondary', href: `#/l/${p.laborerId}`, text: '查看档案' }) : null,
              h('button', { class: 'danger', type: 'button', text: '我已核对，放弃这条修改', onclick: async () => { await store.dismissProblem(p.clientId); await renderSync(); syncPage() } }))))
      : h('p', { class: 'muted', text: '没有。' }),
    h('h2', { text: `待同步（${waiting.length}）` }),
    waiting.length ? waiting.map((w) => h('div', { class: 'item' }, h('p', { text: w.label }), h('p', { class: 'muted', text: shanghaiTime(w.createdAt) }))) : h('p', { class: 'muted', text: '全部已同步。' }),
    h('button', { class: 'primary', type: 'button', text: '立即同步', onclick: () => syncNow() }),
  )
}

// ------------------------------------------------------------------ township and county

async function table(headers, rows) {
  return h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, h('tr', {}, headers.map(([text, num]) => h('th', { class: num ? 'num' : undefined, scope: 'col', text })))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => (c instanceof Node ? h('td', {}, c) : h('td', { class: headers[i]?.[1] ? 'num' : undefined, text: String(c ?? '') }))))))))
}

async function verifyQueue() {
  setTitle('待核实')
  const [items, proposals] = await Promise.all([getJson('/api/v1/employments/unverified?limit=100'), getJson('/api/v1/poverty-proposals?status=pending&limit=100')])
  if (!items || !proposals) return page(message('暂时取不到待核实事项（需要信号）。', true))
  page(
    h('h2', { text: `人口类型变更待确认（${proposals.length}）` }),
    proposals.length ? proposals.map(proposalItem) : h('p', { class: 'muted', text: '没有。' }),
    h('h2', { text: `自主就业待核实（${items.length}）` }),
    h('p', { class: 'count', text: `自主就业待核实 ${items.length} 条` }),
    items.map((job) =>
      h('div', { class: 'item verify' },
        h('p', {}, h('strong', { text: `${job.laborerName}（${job.villageName}）` })),
        h('p', { text: `${job.formLabel} ${job.employerName || ''}` }),
        h('p', { class: 'muted', text: `${job.placeName} · ${job.startDate} 起 · ${job.sourceLabel}` }),
        h('button', { class: 'primary', type: 'button', text: '核实无误', onclick: async (event) => {
          event.target.disabled = true
          const response = await request(`/api/v1/employments/${job.id}/verify`, { method: 'POST' })
          event.target.replaceWith(response.ok ? h('span', { class: 'tag ok', text: '已核实' }) : message('核实失败，请重试', true))
        } }))),
  )
}

/** A village agent's proposal to change a household's poverty status: the township confirms or rejects it. */
function proposalItem(p) {
  const box = h('div', { class: 'item proposal' })
  const note = h('input', { type: 'text', id: `reject-${p.id}`, placeholder: '驳回理由（驳回时必填）', 'aria-label': `驳回${p.laborerName}的变更的理由` })
  const decide = (action) => async (event) => {
    const body = action === 'reject' ? { note: note.value.trim() } : undefined
    if (action === 'reject' && body.note.length < 2) return note.after(message('请写明驳回理由（至少 2 个字）', true))
    event.target.disabled = true
    const response = await request(`/api/v1/poverty-proposals/${p.id}/${action}`, { method: 'POST', body })
    const answer = await response.json().catch(() => ({}))
    box.replaceChildren(
      h('p', {}, h('strong', { text: p.laborerName })),
      response.ok ? h('span', { class: 'tag ok', text: action === 'confirm' ? '已确认' : '已驳回' }) : message(answer.message ?? '未能处理，请重试', true),
    )
  }
  box.append(
    h('p', {}, h('strong', { text: `${p.laborerName} · ${p.villageName}` })),
    h('p', { text: `${POVERTY[p.fromStatus]} → ${POVERTY[p.toStatus]}` }),
    h('p', { class: 'muted', text: `理由：${p.reason} · ${shanghaiTime(p.createdAt)}` }),
    note,
    h('div', { class: 'row' },
      h('button', { class: 'primary', type: 'button', text: '确认变更', onclick: decide('confirm') }),
      h('button', { class: 'secondary', type: 'button', text: '驳回', onclick: decide('reject') })),
  )
  return box
}

async function helpRequests() {
  setTitle('自助机求助')
  const items = await getJson('/api/v1/kiosk/interests?limit=100')
  if (!items) return page(message('暂时取不到求助（需要信号）。', true))
  page(
    h('p', { class: 'count', text: `未处理 ${items.length} 条` }),
    items.map((i) =>
      h('div', { class: 'item help' },
        h('p', {}, h('strong', { text: i.jobTitle ?? `岗位 ${i.jobId}` })),
        h('p', { class: 'muted', text: `${i.pointName ?? ''} · ${shanghaiTime(i.createdAt)}` }),
        h('button', { class: 'primary', type: 'button', text: '已处理', onclick: async (event) => {
          event.target.disabled = true
          const response = await request(`/api/v1/kiosk/interests/${i.id}/handled`, { method: 'POST' })
          event.target.replaceWith(response.ok ? h('span', { class: 'tag ok', text: '已处理' }) : message('未能标记，请重试', true))
        } }))),
  )
}

async function recommendations() {
  setTitle('推荐岗位')
  const [unemployed, fairs] = await Promise.all([getJson('/api/v1/laborers?employmentStatus=unemployed&limit=20'), getJson('/api/v1/desk/fairs')])
  if (!unemployed || !fairs) return page(message('暂时取不到（需要信号）。', true))
  const list = h('div', {})
  page(h('p', { class: 'count', text: '未就业、想找工作的劳动力（前 20 人）：点开看推荐岗位' }), list)
  for (const l of unemployed.items) {
    const box = h('div', { class: 'item rec' })
    const open = h('button', { class: 'secondary', type: 'button', text: `${l.name} · 看推荐`, onclick: async () => {
      open.disabled = true
      const recs = await getJson(`/api/v1/laborers/${l.id}/recommendations?limit=3`)
      const items = recs?.items ?? recs ?? []
      box.append(...(items.length ? items : []).map((r) => h('div', { class: 'row' },
        h('span', { text: `${r.title ?? r.job?.title ?? '岗位'}（${r.score ?? r.fit?.score ?? ''}分）` }),
        h('button', { class: 'primary', type: 'button', text: '推荐匹配', onclick: async (event) => {
          event.target.disabled = true
          const response = await request('/api/v1/matches', { method: 'POST', body: { laborerId: l.id, jobId: r.jobId ?? r.job?.id ?? r.id } })
          const answer = await response.json().catch(() => ({}))
          event.target.replaceWith(h('span', { class: response.ok ? 'tag ok' : 'tag bad', text: response.ok ? '已推荐' : answer.message ?? '未能推荐' }))
        } }))), items.length ? '' : h('p', { class: 'muted', text: '暂无合适岗位' }), inviteRow(l, fairs))
    } })
    box.append(open)
    list.append(box)
  }
}

/** 邀请参加招聘会: the fairs open to the township, one tap. */
function inviteRow(laborer, fairs) {
  if (!fairs.length) return h('p', { class: 'muted', text: '近期没有可邀请参加的招聘会' })
  const choice = h('select', { 'aria-label': `邀请${laborer.name}参加的招聘会` }, fairs.map((f) => h('option', { value: String(f.id), text: `${f.date} ${f.name}（${f.venue}）` })))
  return h('div', { class: 'row invite' }, choice,
    h('button', { class: 'secondary', type: 'button', text: '邀请参加招聘会', onclick: async (event) => {
      event.target.disabled = true
      const response = await request(`/api/v1/desk/fairs/${choice.value}/invitations`, { method: 'POST', body: { laborerId: laborer.id } })
      const answer = await response.json().catch(() => ({}))
      event.target.replaceWith(h('span', { class: response.ok ? 'tag ok' : 'tag bad', text: response.ok ? '已邀请' : answer.message ?? '未能邀请' }))
    } }))
}

/** County: transport-subsidy claims of self-found work, with the rules engine's answer; unverified ones verified here. */
async function transportClaims() {
  setTitle('路费补贴核实')
  const claims = await getJson('/api/v1/subsidies/transport-claims')
  if (!claims) return page(message('暂时取不到（需要信号）。', true))
  const due = claims.filter((c) => c.status === 'due')
  page(
    h('p', { class: 'count', text: `本年自主就业路费补贴申报 ${claims.length} 条，符合条件待发放 ${due.length} 条，合计 ${due.reduce((a, c) => a + c.amount, 0)} 元` }),
    claims.length ? '' : h('p', { class: 'muted', text: '没有。' }),
    claims.map((c) =>
      h('div', { class: 'item claim' },
        h('p', {}, h('strong', { text: `${c.name} · ${c.formLabel} ${c.employerName}` })),
        h('p', { class: 'muted', text: `${c.villageName} · ${c.startDate} 起 · ${c.ruleTitle}` }),
        h('p', {}, h('span', { class: c.status === 'due' || c.status === 'granted' ? 'tag ok' : c.status === 'pending' ? 'tag' : 'tag bad', text: c.status === 'due' ? `${c.statusLabel} ${c.amount} 元` : c.statusLabel })),
        c.reasons.length > 0 && c.status !== 'pending' ? h('p', { class: 'muted', text: `未满足：${c.reasons.join('；')}` }) : null,
        c.verified ? null : h('button', { class: 'primary', type: 'button', text: '核实无误', onclick: async (event) => {
          event.target.disabled = true
          const response = await request(`/api/v1/employments/${c.recordId}/verify`, { method: 'POST' })
          if (response.ok) return transportClaims()
          event.target.replaceWith(message('核实失败，请重试', true))
        } }))),
  )
}

async function areaTable() {
  if (me.role === 'township_staff') return townshipTable()
  const data = await getJson('/api/v1/desk/areas')
  setTitle(data?.area.name ?? '各乡镇情况')
  if (!data) return page(message('暂时取不到（需要信号）。', true))
  const unit = me.role === 'county_officer' ? '乡镇' : '县（市、区）'
  const sum = (key) => data.rows.reduce((total, r) => total + r[key], 0)
  const pct = (a, b) => (b ? `${Math.round((a / b) * 100)}%` : '—')
  page(
    h('p', { class: 'count', text: `共 ${data.rows.length} 个${unit}，${sum('laborers')} 名劳动力，就业 ${pct(sum('employed'), sum('laborers'))}` }),
    await table(
      [[unit], ['劳动力', 1], ['就业率', 1], ['未就业想务工', 1], ['想培训', 1], ['监测对象', 1]],
      data.rows.map((r) => [r.name, r.laborers, pct(r.employed, r.laborers), r.unemployedWanting, r.wantTraining, r.monitored]),
    ),
    await formsSection(),
  )
}

/** This month's employment records of every source by 就业形式 for the caller's area (GET /reports/forms). */
async function formsSection() {
  const forms = await getJson('/api/v1/reports/forms?period=month')
  if (!forms) return null
  return h('section', { id: 'forms' },
    h('h2', { text: `本月就业记录（按就业形式，截至 ${forms.asOf}）` }),
    await table(
      [['就业形式'], ['本月新增', 1], ['在岗', 1]],
      [...forms.forms.map((f) => [f.label, forms.total.started[f.form], forms.total.open[f.form]]), ['合计', forms.total.startedTotal, forms.total.openTotal]],
    ),
    h('a', { class: 'secondary', href: '/api/v1/reports/forms?period=month&format=csv', download: `就业形式-${forms.asOf}.csv`, text: `下载各${me.role === 'township_staff' ? '村' : '乡镇'}明细（CSV）` }),
  )
}

/** The township's table per village (the visits domain's read model). */
async function townshipTable() {
  setTitle('各村情况')
  const rows = await getJson(`/api/v1/townships/${me.scope}/villages`)
  if (!rows) return page(message('暂时取不到（需要信号）。', true))
  const sum = (key) => rows.reduce((total, r) => total + r[key], 0)
  page(
    h('p', { class: 'count', text: `共 ${rows.length} 个村，${sum('laborers')} 名劳动力，走访逾期 ${sum('visitsOverdue')} 人` }),
    await table(
      [['村'], ['劳动力', 1], ['就业率', 1], ['未就业想务工', 1], ['走访逾期', 1]],
      rows.filter((r) => r.laborers > 0).map((r) => [r.villageName.replace(/村民?委员会$|村委会$/, '村'), r.laborers, `${Math.round(r.employedPercent)}%`, r.unemployedWantingWork, r.visitsOverdue]),
    ),
    await formsSection(),
  )
}

async function ledger() {
  setTitle('台账')
  const month = today().slice(0, 7)
  page(
    h('p', { text: '本月就业台账：本辖区每一条就业记录（安置、自主就业、公益岗位、帮扶车间、零工），身份证号已遮蔽。' }),
    h('a', { class: 'primary', id: 'ledger-link', href: `/api/v1/reports/ledger?month=${month}&format=xlsx`, download: `就业台账-${month}.xlsx`, text: `下载 ${month} 台账（Excel）` }),
    h('a', { class: 'secondary', href: `/api/v1/reports/ledger?month=${month}&format=csv`, download: `就业台账-${month}.csv`, text: '下载 CSV' }),
  )
}

// ------------------------------------------------------------------ app shell

const TABS = {
  village_agent: [['#/', '本村名单'], ['#/new', '新增'], ['#/sync', '同步']],
  township_staff: [['#/t/villages', '各村'], ['#/t/verify', '待核实'], ['#/t/recommend', '推荐'], ['#/t/help', '求助']],
  county_officer: [['#/c/townships', '各乡镇'], ['#/c/verify', '补贴核实'], ['#/c/ledger', '台账']],
  city_admin: [['#/c/townships', '各县'], ['#/c/verify', '核实'], ['#/c/ledger', '台账']],
}

function drawTabs() {
  const tabs = TABS[me.role] ?? []
  const nav = $('tabs')
  nav.hidden = tabs.length === 0
  nav.setAttribute('aria-label', '功能')
  const here = location.hash || tabs[0]?.[0]
  nav.replaceChildren(...tabs.map(([href, text]) => h('a', { href, text, 'aria-current': here === href || (href !== '#/' && here.startsWith(href)) ? 'page' : undefined })))
}

async function route() {
  if (!me) return
  drawTabs()
  const hash = location.hash || (me.role === 'village_agent' ? '#/' : TABS[me.role][0][0])
  let m
  if ((m = /^#\/l\/(\d+)\/job$/.exec(hash))) return jobForm(Number(m[1]))
  if ((m = /^#\/l\/(\d+)\/end\/(.+)$/.exec(hash))) return endForm(Number(m[1]), decodeURIComponent(m[2]))
  if ((m = /^#\/l\/(\d+)\/visit$/.exec(hash))) return visitForm(Number(m[1]))
  if ((m = /^#\/l\/(\d+)\/wish$/.exec(hash))) return wishForm(Number(m[1]))
  if ((m = /^#\/l\/(\d+)$/.exec(hash))) return laborerCard(Number(m[1]))
  if (hash === '#/new') return newLaborer()
  if (hash === '#/sync') return syncPage()
  if (hash === '#/t/villages' || hash === '#/c/townships') return areaTable()
  if (hash === '#/t/verify') return verifyQueue()
  if (hash === '#/c/verify') return transportClaims()
  if (hash === '#/t/recommend') return recommendations()
  if (hash === '#/t/help') return helpRequests()
  if (hash === '#/c/ledger') return ledger()
  if (me.role === 'village_agent') return villageList()
  location.hash = TABS[me.role][0][0]
}

async function start() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/desk/sw.js', { scope: '/desk/' }).catch(() => {})
  let caller
  try {
    caller = await currentCaller()
  } catch {
    // No signal: the device's copy of who signed in here (public facts only) opens the workbench.
    caller = await store.getMeta('caller')
  }
  if (!caller) {
    $('loading').hidden = true
    caller = await signIn($('signin'), Object.keys(ROLE))
  }
  const before = await store.getMeta('caller')
  if (before && before.tokenId !== caller.tokenId && (await store.queued()).length === 0) await store.clearAll()
  await store.setMeta('caller', { tokenId: caller.tokenId, role: caller.role, scope: caller.scope, label: caller.label })
  me = caller
  await loadLabels()
  $('loading').hidden = true
  $('signin').hidden = true
  $('who').textContent = `${ROLE[me.role]} · ${me.label}`
  const out = $('sign-out')
  out.hidden = false
  out.addEventListener('click', async () => {
    const waiting = (await store.queued()).length
    if (waiting && !confirm(`还有 ${waiting} 条修改没有同步，退出后将从本机删除。确定退出？`)) return
    await fetch('/api/v1/session', { method: 'DELETE', headers: CSRF, credentials: 'same-origin' }).catch(() => {})
    await store.clearAll()
    location.hash = ''
    location.reload()
  })
  addEventListener('online', () => {
    online = true
    syncNow()
  })
  addEventListener('offline', () => {
    online = false
    renderSync()
  })
  addEventListener('hashchange', route)
  await renderSync()
  if (me.role === 'village_agent' && online) await refreshRoster()
  await route()
  if (online) syncNow()
  setInterval(() => navigator.onLine && syncNow(), 60_000)
}

start()
