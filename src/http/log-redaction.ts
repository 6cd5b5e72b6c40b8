import type { FastifyRequest } from 'fastify'

/**
 * What the request log may hold: never a national ID, a phone number, a token or a cookie.
 * One rule: every query value is replaced by `~` (names stay, for debugging), whatever the
 * route, so a secret in a URL (`?token=` on an old websocket client, a look-up someone
 * builds by hand) never reaches the log; headers are not logged at all, except a few that
 * cannot hold secrets.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q === -1) return url
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      return eq === -1 ? pair : `${pair.slice(0, eq)}=~`
    })
    .join('&')
  return `${url.slice(0, q)}?${query}`
}

const LOGGED_HEADERS = ['user-agent', 'content-type', 'content-length'] as const

/** Fastify's request serializer with the URL redacted and only harmless headers. */
export function serializeRequest(request: FastifyRequest) {
  const headers: Record<string, unknown> = {}
  for (const name of LOGGED_HEADERS) if (request.headers[name] !== undefined) headers[name] = request.headers[name]
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
    headers,
  }
}

/** Paths pino must censor wherever a request or response object is logged whole. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
]
