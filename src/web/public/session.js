// Token handling shared by the staff pages: the token lives in this tab's sessionStorage
// only, is sent as a bearer header, and is forgotten when the server refuses it.

const KEY = 'laborlink.token'

export function token() {
  return sessionStorage.getItem(KEY)
}

export function forget() {
  sessionStorage.removeItem(KEY)
}

/** fetch with the bearer token; a 401 forgets the token and shows the sign-in form again. */
export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.headers ?? {}), authorization: `Bearer ${token()}` },
  })
  if (response.status === 401) {
    forget()
    location.reload()
  }
  return response
}

/**
 * Shows the sign-in form in `container` until a token the server accepts is entered,
 * then resolves with the caller (`GET /api/v1/me`). `allowed` lists the roles the page is for.
 */
export async function signIn(container, allowed) {
  for (;;) {
    if (token()) {
      const response = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token()}` } })
      if (response.ok) {
        const me = await response.json()
        if (allowed.includes(me.role)) return me
        showForm(container, `这个页面不对 ${me.role} 开放，请换一个令牌。`)
      } else {
        showForm(container, '令牌无效或已撤销，请重新输入。')
      }
      forget()
    } else {
      showForm(container, '请输入您的访问令牌。')
    }
    await new Promise((resolve) => container.querySelector('form').addEventListener('submit', resolve, { once: true }))
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
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    sessionStorage.setItem(KEY, form.querySelector('input').value.trim())
  })
  container.append(form)
  form.querySelector('input').focus()
}
