import type { Access } from './plugin'
import { roles } from './schema'

export interface AccessRow {
  method: string
  url: string
  access: Access
}

/** Roles whose token carries a scope that narrows what an allowed call sees. */
const scopedRoles = new Set(['county_officer', 'township_staff', 'village_agent', 'station_operator', 'employer'])

/**
 * docs/security.md: who may call what, generated from the routes' own `config.access`
 * so the document cannot drift from the code (a test compares them).
 */
export function renderSecurityDoc(rows: AccessRow[]): string {
  const sorted = [...rows].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))
  const header = ['route', ...roles, 'no token']
  const lines = sorted.map(({ method, url, access }) => {
    const cells = roles.map((role) => {
      if (access === 'public') return '✓'
      if (!access.includes(role)) return '403'
      return scopedRoles.has(role) ? '✓ scoped' : '✓'
    })
    return `| \`${method} ${url}\` | ${cells.join(' | ')} | ${access === 'public' ? '✓' : '401'} |`
  })
  return `# Security

## Who may call what

Generated from the routes' \`config.access\` by \`npm run cli -- access-matrix\`; a test
fails when this table and the code disagree, and another test calls every cell.

- **✓**: the role may call the route (\`city_admin\` and \`fair_organizer\` act city-wide).
- **✓ scoped**: the role may call the route for objects inside its token's scope: a
  county officer's county, a township's staff's township, a village agent's village
  (region scopes nest by code: \`140924\` covers every village code starting with it), a
  station operator's station, an employer's own record and postings. An object outside
  the scope answers **404** (never 403), so ids cannot be probed.
- **403**: the role may not call the route at all.
- **401**: no token, an unknown or a revoked token. After \`AUTH_FAILURE_LIMIT\` failed
  authentications in a minute a client gets **429** with \`Retry-After\`.
- Websocket routes (\`/ws/…\`) close with **4401** / **4403** before any message instead.

| ${header.join(' | ')} |
| ${header.map(() => '---').join(' | ')} |
${lines.join('\n')}

## Personal data

National ID numbers and phone numbers are stored encrypted (AES-256-GCM, key from
\`PII_KEY\` or a key file generated in the data dir), found by keyed hash (HMAC-SHA-256)
and masked in every response (\`1409**********1234\`, \`138****5678\`). Revealing them is
an explicit request with a reason by an area role inside its scope, and every reveal
writes an audit record (who, whom, when, why).

## Tokens

Bearer tokens are 192 random bits, stored only as SHA-256 hashes, shown once when
issued, revocable. The kiosk's public routes (search, posting detail, asking staff for
help) take no personal data and are rate-limited per client.
`
}
