import { connect, type Socket } from 'node:net'

export interface Slowloris {
  /** Sockets the server has closed (refused beyond its cap, or timed out). */
  readonly closed: number
  /** Sockets still open and trickling. */
  readonly open: number
  stop(): void
}

/**
 * `count` connections that each send a request line and then one header line every
 * `everyMs`, never finishing the headers: the slow-header ("slowloris") attack. A socket
 * the server closes stays closed (`reconnect: false`) or is opened again at once.
 */
export function slowloris(port: number, count: number, options: { everyMs?: number; reconnect?: boolean } = {}): Slowloris {
  const everyMs = options.everyMs ?? 1000
  const sockets = new Set<Socket>()
  let closed = 0
  let stopped = false
  const open = () => {
    const socket = connect(port, '127.0.0.1')
    sockets.add(socket)
    socket.setNoDelay(true)
    socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'))
    socket.on('error', () => {})
    socket.on('data', () => {})
    socket.on('close', () => {
      sockets.delete(socket)
      closed++
      if (options.reconnect && !stopped) open()
    })
  }
  for (let i = 0; i < count; i++) open()
  let n = 0
  const timer = setInterval(() => {
    for (const socket of sockets) if (socket.writable && !socket.connecting) socket.write(`X-Slow-${n}: ${n}\r\n`)
    n++
  }, everyMs)
  return {
    get closed() {
      return closed
    },
    get open() {
      return sockets.size
    },
    stop() {
      stopped = true
      clearInterval(timer)
      for (const socket of sockets) socket.destroy()
    },
  }
}
