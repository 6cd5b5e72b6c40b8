// Sign-in shared by the staff pages. The token is typed once per device and exchanged for a
// browser session (POST /api/v1/session): the server answers with an HttpOnly cookie that
// page scripts cannot read, so no token is ever kept in browser storage. Writes carry the
// X-LaborLink-CSRF header the server demands of cookie-authenticated changes.

const CSRF = { 'x-laborlink-csrf': '1' }

/** fetch for the signed-in browser; a 401 (session ended, token revoked) shows the sign-in form again. */
export async function api(path, options = {}) {
  const method = (options.method ?? 'GET').toUpperCase()
  const headers = { ...(options.headers ?? {}), ...(method === 'GET' || method === 'HEAD' ? {} : CSRF) }
  const response = await fetch(path, { ...options, headers, credentials: 'same-origin' })
  if (response.status === 401) location.reload()
  return response
}

/** Ends this browser's session on the server and shows the sign-in form. */
export async function signOut() {
  await fetch('/api/v1/session', { method: 'DELETE', headers: CSRF, credentials: 'same-origin' }).catch(() => {})
  location.reload()
}

/** The caller of this browser's session, or null (never throws on a missing session). */
export async function currentCaller() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin', cache: 'no-store' })
  if (!response.ok) return null
  return (await response.json()).caller
}

/**
 * Shows the sign-in form in `container` until this browser holds a session whose role the
 * page is for, then resolves with the caller. `allowed` lists the roles the page is for.
 */
const ROLE_NAMES = {
  city_admin: '市级管理员',
  county_officer: '县级就业中心',
  township_staff: '乡镇服务站',
  village_agent: '村就业专员',
  station_operator: '省外服务工作站',
  employer: '用人单位',
  fair_organizer: '招聘会组织者',
}

export async function signIn(container, allowed) {
  let message = '请输入您的访问令牌。'
  for (;;) {
    const me = await currentCaller()
    if (me) {
      if (allowed.includes(me.role)) {
        container.hidden = true
        return me
      }
      message = `这个页面不对「${ROLE_NAMES[me.role] ?? me.role}」开放，请换一个令牌。`
    }
    const typed = await showForm(container, message)
    const response = await fetch('/api/v1/session', {
      method: 'POST',
      headers: { authorization: `Bearer ${typed}` },
      credentials: 'same-origin',
    })
    if (response.status === 429) message = '尝试次数过多，请稍后再试。'
    else if (!response.ok) message = '令牌无效或已撤销，请重新输入。'
  }
}

function showForm(container, message) {
  container.hidden = false
  container.innerHTML = ''
  const form = document.createElement('form')
  form.className = 'signin'
  form.innerHTML = `
    <p class="signin-message" role="alert"></p>
    <label for="token-input">访问令牌</label>
    <input id="token-input" type="password" autocomplete="off" required>
    <button type="submit">进入</button>`
  form.querySelector('.signin-message').textContent = message
  container.append(form)
  form.querySelector('input').focus()
  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      const value = form.querySelector('input').value.trim()
      form.querySelector('button').disabled = true
      resolve(value)
    })
  })
}
