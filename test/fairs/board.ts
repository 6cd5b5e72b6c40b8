import WebSocket from 'ws'

export interface Frame {
  seq: number
  type: string
  data: Record<string, any>
}

/**
 * A board: collects frames; `closed` resolves with the close code (and `ended` with the code
 * and reason). `protocols` carry its key (`['laborlink.v1', 'board.<key>']`); `options` can
 * set the client address (`localAddress: '127.0.0.2'`).
 */
export function board(url: string, protocols: string[] = [], options: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(url, protocols, options)
  const frames: Frame[] = []
  const waiters: (() => void)[] = []
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)))
    waiters.splice(0).forEach((w) => w())
  })
  socket.on('error', () => {})
  const ended = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  )
  const closed = ended.then((e) => e.code)
  const until = async (predicate: (f: Frame[]) => boolean) => {
    const deadline = Date.now() + 120_000
    while (!predicate(frames)) {
      if (Date.now() > deadline) throw new Error(`timed out; frames: ${JSON.stringify(frames.map((f) => f.type))}`)
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        setTimeout(resolve, 100)
      })
    }
  }
  return { socket, frames, closed, ended, until }
}
