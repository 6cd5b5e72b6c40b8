// The workbench's device store (IndexedDB): the village roster with masked data only, the
// signed-in caller's public facts (role, area, label — nothing that authenticates), and the
// queue of changes made without signal. Each queued change carries a client-generated id
// (`clientId`) that the server uses to record it once however often it is sent.

const DB_NAME = 'laborlink-desk'
const VERSION = 1
let opened

function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION)
    request.onupgradeneeded = () => {
      const db = request.result
      db.createObjectStore('meta')
      db.createObjectStore('laborers', { keyPath: 'id' })
      db.createObjectStore('cards', { keyPath: 'id' })
      db.createObjectStore('queue', { keyPath: 'clientId' })
      db.createObjectStore('problems', { keyPath: 'clientId' })
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  return opened
}

async function tx(stores, mode, work) {
  const db = await open()
  return new Promise((resolve, reject) => {
    const t = db.transaction(stores, mode)
    let result
    t.oncomplete = () => resolve(result)
    t.onerror = () => reject(t.error)
    t.onabort = () => reject(t.error)
    const handles = Object.fromEntries([stores].flat().map((s) => [s, t.objectStore(s)]))
    const request = work(handles)
    if (request) request.onsuccess = () => (result = request.result)
  })
}

export const getMeta = (key) => tx('meta', 'readonly', (s) => s.meta.get(key))
export const setMeta = (key, value) => tx('meta', 'readwrite', (s) => void s.meta.put(value, key))
export const allLaborers = () => tx('laborers', 'readonly', (s) => s.laborers.getAll())
export const getLaborer = (id) => tx('laborers', 'readonly', (s) => s.laborers.get(id))
export const getCard = (id) => tx('cards', 'readonly', (s) => s.cards.get(id))
export const putCard = (card) => tx('cards', 'readwrite', (s) => void s.cards.put(card))
export const putLaborer = (laborer) => tx('laborers', 'readwrite', (s) => void s.laborers.put(laborer))
export const queued = async () => (await tx('queue', 'readonly', (s) => s.queue.getAll())).sort((a, b) => a.seq - b.seq)
export const problems = async () => (await tx('problems', 'readonly', (s) => s.problems.getAll())).sort((a, b) => a.seq - b.seq)
export const dismissProblem = (clientId) => tx('problems', 'readwrite', (s) => void s.problems.delete(clientId))

/** Replaces the roster (a fresh read from the server) in one transaction. */
export function saveRoster(laborers) {
  return tx('laborers', 'readwrite', (s) => {
    s.laborers.clear()
    for (const laborer of laborers) s.laborers.put(laborer)
  })
}

/** Forgets everything on the device (sign-out, or another person signing in). */
export function clearAll() {
  return tx(['meta', 'laborers', 'cards', 'queue', 'problems'], 'readwrite', (s) => {
    for (const store of Object.values(s)) store.clear()
  })
}

/** A client-generated id, unique across devices. */
export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Puts a change in the queue: `{ method, url, body, label, laborerId }`; a POST's body gets
 * the change's `clientId`. Answers the queued change.
 */
export async function enqueue(change) {
  const clientId = change.body?.clientId ?? newClientId()
  // A PATCH sets values, so sending it twice is harmless: it carries no clientId.
  const body = change.method === 'PATCH' ? change.body : { ...change.body, clientId }
  const entry = { ...change, clientId, body, seq: (lastSeq = Math.max(Date.now() * 1000, lastSeq + 1)), createdAt: new Date().toISOString() }
  await tx('queue', 'readwrite', (s) => void s.queue.put(entry))
  return entry
}

let running
/** Queue order: microseconds since 1970, strictly increasing within a page. */
let lastSeq = 0

/**
 * Sends the queue in order. A change the server took (2xx, or the same change again) leaves
 * the queue; one the server refuses (a conflict with a newer change, a bad field, a laborer
 * no longer in the area) moves to `problems` with the server's message, for the agent to
 * see: nothing is dropped or overwritten silently. No signal, a busy server or an ended
 * session stop the run; the rest waits for the next one. Answers { sent, problems, stopped }.
 */
export function sync(send) {
  running ??= (async () => {
    const outcome = { sent: 0, problems: 0, stopped: null }
    try {
      for (const entry of await queued()) {
        let response
        try {
          response = await send(entry)
        } catch {
          outcome.stopped = 'offline'
          break
        }
        if (response.ok) {
          await tx('queue', 'readwrite', (s) => void s.queue.delete(entry.clientId))
          outcome.sent++
          continue
        }
        if (response.status === 401) {
          outcome.stopped = 'signed-out'
          break
        }
        if (response.status === 429 || response.status >= 500) {
          outcome.stopped = 'busy'
          break
        }
        let answer = {}
        try {
          answer = await response.json()
        } catch {}
        const problem = { ...entry, status: response.status, code: answer.code ?? '', message: answer.message ?? `服务器拒绝（${response.status}）`, at: new Date().toISOString() }
        await tx(['queue', 'problems'], 'readwrite', (s) => {
          s.queue.delete(entry.clientId)
          s.problems.put(problem)
        })
        outcome.problems++
      }
      if (!outcome.stopped) await setMeta('syncedAt', new Date().toISOString())
      return outcome
    } finally {
      running = undefined
    }
  })()
  return running
}
