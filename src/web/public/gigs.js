// The 零工 board at a kiosk: the county's gigs of today and tomorrow, sign-up by ID number
// and name. The ID and name go in the request body only; nothing is kept in the page's
// storage or URL, and the form is emptied after each sign-up or on going back.

const $ = (id) => document.getElementById(id)
const point = Number(new URLSearchParams(location.search).get('point'))
let current = null

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v)
    else node.setAttribute(k, v)
  }
  for (const child of children) node.append(child)
  return node
}

async function loadBoard() {
  if (!point) {
    $('status').textContent = '这台自助机还没有设置所在的服务站，请告诉工作人员。'
    return
  }
  const response = await fetch(`/api/v1/kiosk/gigs?point=${point}`)
  if (!response.ok) {
    $('status').textContent = response.status === 429 ? '请求太频繁，请稍后再试。' : '暂时查不到零工信息，请稍后再试或问工作人员。'
    return
  }
  const board = await response.json()
  $('county-name').textContent = `${board.county} · 今天和明天的活`
  const list = $('gigs')
  list.replaceChildren()
  $('status').textContent = board.gigs.length ? `共 ${board.gigs.length} 个零工` : '今天和明天暂时没有零工，请过会儿再来看看。'
  for (const gig of board.gigs) {
    list.append(
      el('li', { class: 'card' },
        el('h2', {}, gig.title),
        el('p', { class: 'when' }, gig.when),
        el('p', { class: 'wage' }, gig.payText),
        el('p', { class: 'facts' }, `${gig.place}${gig.address ? ' ' + gig.address : ''}`),
        el('p', { class: 'left' }, `还差 ${gig.placesLeft} 人`),
        gig.description ? el('p', {}, gig.description) : '',
        el('button', { class: 'big', type: 'button', onclick: () => openSignup(gig) }, '我要报名'),
      ),
    )
  }
  loadWelfare()
}

async function loadWelfare() {
  const response = await fetch(`/api/v1/kiosk/welfare-posts?point=${point}`)
  if (!response.ok) return
  const posts = await response.json()
  $('welfare').hidden = posts.length === 0
  $('welfare-list').replaceChildren(
    ...posts.map((p) => el('li', { class: 'card' }, el('h2', {}, p.title), el('p', { class: 'wage' }, `每月 ${p.monthlyAllowance} 元`), el('p', { class: 'facts' }, `${p.place} · ${p.categoryName} · 聘期 ${p.termMonths} 个月`), el('p', {}, p.duties))),
  )
}

function clearForm() {
  $('id-number').value = ''
  $('name').value = ''
}

function openSignup(gig) {
  current = gig
  clearForm()
  $('notice').hidden = true
  $('signup-title').textContent = gig.title
  $('signup-pay').textContent = `${gig.payText} · ${gig.when}`
  $('signup-facts').textContent = `${gig.place}${gig.address ? ' ' + gig.address : ''}${gig.contact ? ' · 联系：' + gig.contact : ''}`
  $('list').hidden = true
  $('signup').hidden = false
  $('id-number').focus()
}

function back() {
  clearForm()
  current = null
  if ('speechSynthesis' in window) speechSynthesis.cancel()
  $('signup').hidden = true
  $('list').hidden = false
  loadBoard()
}

function say(text, error) {
  const notice = $('notice')
  notice.textContent = text
  notice.classList.toggle('error', Boolean(error))
  notice.hidden = false
  speak(text)
}

function canSpeak() {
  return 'speechSynthesis' in window && speechSynthesis.getVoices().some((v) => /^zh|cmn/i.test(v.lang))
}

function speak(text) {
  if (!canSpeak()) return
  speechSynthesis.cancel()
  const utterance = new SpeechSynthesisUtterance(text)
  utterance.lang = 'zh-CN'
  utterance.rate = 0.85
  speechSynthesis.speak(utterance)
}

async function submit(event) {
  event.preventDefault()
  const idNumber = $('id-number').value.trim()
  const name = $('name').value.trim()
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return say('身份证号码应是 18 位，请核对。', true)
  if (!name) return say('请写上您的姓名。', true)
  $('submit').disabled = true
  try {
    const response = await fetch(`/api/v1/kiosk/gigs/${current.id}/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber, name, point }),
    })
    const body = await response.json().catch(() => ({}))
    if (response.ok) {
      clearForm()
      say(body.message, false)
      return
    }
    const words = {
      LL_NOT_REGISTERED: '没有找到您的登记信息。请核对身份证号码和姓名，或请工作人员帮您登记。',
      LL_VALIDATION: '身份证号码有误，请核对后再输入。',
      LL_ALREADY_SIGNED_UP: '您已经报过名了，请等用工方确认。',
      LL_GIG_NOT_FOUND: '这个零工已经招满或结束了，请看看别的。',
      LL_GIG_STATE: body.message || '这个零工现在不能报名，请看看别的。',
      LL_RATE_LIMITED: '请求太频繁，请稍等一分钟再试。',
    }
    say(words[body.code] ?? '报名没有成功，请问工作人员。', true)
  } catch {
    say('网络不通，请稍后再试或问工作人员。', true)
  } finally {
    $('submit').disabled = false
  }
}

function buildKeypad() {
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0']
  const pad = $('keypad')
  for (const key of keys) {
    pad.append(el('button', { type: 'button', 'aria-label': key === 'X' ? '字母 X' : `数字 ${key}`, onclick: () => type(key) }, key))
  }
  pad.append(el('button', { type: 'button', class: 'wide', 'aria-label': '删除一位', onclick: () => { const input = $('id-number'); input.value = input.value.slice(0, -1) } }, '删除'))
}

function type(key) {
  const input = $('id-number')
  if (input.value.length < 18) input.value += key
}

$('back').addEventListener('click', back)
$('signup-form').addEventListener('submit', submit)
$('speak').addEventListener('click', () => current && speak(`${current.title}，${current.when}，${current.payText}，在${current.place}，还差${current.placesLeft}人。`))
if ('speechSynthesis' in window) {
  const show = () => { $('speak').hidden = !canSpeak() }
  show()
  speechSynthesis.addEventListener?.('voiceschanged', show)
}
buildKeypad()
window.addEventListener('load', () => {
  for (const weight of [400, 700]) document.head.append(el('link', { rel: 'stylesheet', href: `/assets/fonts/noto-sans-sc/${weight}.css` }))
}, { once: true })
loadBoard()
