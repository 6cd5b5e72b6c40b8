// The workbench's service worker: keeps the app shell (page, scripts, styles, the font slices
// it used) so the workbench opens without signal. Data never goes through here: the app keeps
// the masked village roster and the queue of changes in IndexedDB itself, and API calls pass
// straight to the network.
const SHELL = 'desk-shell-v1'
const FILES = ['/desk/', '/assets/desk.js', '/assets/desk-store.js', '/assets/session.js', '/assets/desk.css', '/assets/fonts/noto-sans-sc/400.css']

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return
  const shell = url.pathname === '/desk/' || url.pathname === '/desk' ? '/desk/' : url.pathname
  if (!FILES.includes(shell) && !url.pathname.startsWith('/assets/fonts/')) return
  // Network first (a new version shows at once with signal), the kept copy without it.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone()
          caches.open(SHELL).then((cache) => cache.put(shell, copy))
        }
        return response
      })
      .catch(() => caches.match(shell).then((kept) => kept ?? Response.error())),
  )
})
