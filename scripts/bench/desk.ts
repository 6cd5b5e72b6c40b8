/**
 * `npm run bench -- desk [--laborers 3000] [--changes 200]`: the workbench's two figures.
 *
 * 1. First load: a fresh phone (Chromium, 360 × 640, empty cache) opens /desk/, signs in with
 *    a village agent's token and waits for the village list. Every response is counted: its
 *    bytes as sent and gzip-compressed (level 6, what a reverse proxy sends to a browser
 *    that accepts gzip), fonts (the Noto Sans SC slices and their @font-face CSS) apart.
 * 2. Replay: the phone goes offline, `--changes` changes are queued on it (the same
 *    desk-store.js path the forms use: alternately a job recorded for a laborer and a visit,
 *    or, where the server has no such routes yet, a PATCH of training wishes), the signal
 *    returns, and the time runs until the page says 待同步 0 条 and the server holds every
 *    change once.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { round } from './lib'

const ADMIN = 'bench-admin-token-0123456789'

/** Polls `check` until it answers true; fails after five minutes naming what it waited for. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 300_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`desk bench: gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export default async function desk(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { laborers: { type: 'string', default: '3000' }, changes: { type: 'string', default: '200' } } })
  const changes = Number(values.changes)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-desk-'))
  // Load shedding off: on a busy machine a 503 stops the phone's replay until its next minute's try.
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', ADMIN_TOKEN: ADMIN, DEMO_LABORERS: values.laborers, DEMO_JOBS: '200', MAX_EVENT_LOOP_DELAY_MS: '0' }),
    dataDir,
  }
  const step = (what: string) => process.stderr.write(`desk bench: ${what} (${new Date().toISOString()})\n`)
  step('demo city built')
  const app = await buildApp(config)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const agent = app.demoTokens.find((d) => d.role === 'village_agent')!
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } })
    const page = await context.newPage()
    page.setDefaultTimeout(300_000)

    // ---- first load
    const seen: { url: string; bytes: number; gzip: number; font: boolean }[] = []
    const pending: Promise<void>[] = []
    const unread: string[] = []
    page.on('response', (response) => {
      // No body to read on a 204 or a redirect.
      const status = response.status()
      if (status === 204 || (status >= 300 && status < 400)) return
      // Playwright's body() for the sign-in answer (POST /session, 201 with the cookie; the
      // page moves on at once) never settled, and the bench waited for it forever: this is
      // where `npm run bench -- desk` hung. Each read now gives up after 20 s and the
      // response is listed as unread (its size is then not counted).
      pending.push(
        Promise.race([response.body(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no body')), 20_000))])
          .then((body) => {
            const url = new URL(response.url()).pathname
            seen.push({ url, bytes: body.length, gzip: gzipSync(body, { level: 6 }).length, font: url.startsWith('/assets/fonts/') })
          })
          .catch(() => void unread.push(new URL(response.url()).pathname)),
      )
    })
    const loadStarted = performance.now()
    await page.goto(`${base}/desk/`)
    await page.getByLabel('访问令牌').fill(agent.token)
    await page.getByRole('button', { name: '进入' }).click()
    await page.locator('#laborers li').first().waitFor()
    const loadMs = performance.now() - loadStarted
    step(`village list shown after ${Math.round(loadMs)} ms; reading ${pending.length} response bodies`)
    await Promise.all(pending)
    const app_ = seen.filter((r) => !r.font)
    const fonts = seen.filter((r) => r.font)
    const sum = (rows: typeof seen, key: 'bytes' | 'gzip') => rows.reduce((total, r) => total + r[key], 0)
    const villageSize = ((await page.evaluate('document.querySelectorAll("#laborers li").length')) as number) || 0

    step(`first load done: ${villageSize} laborers listed`)

    // ---- replay
    // Polled from here: a string waitForFunction is eval'd in the page, which the workbench's
    // CSP (script-src 'self') refuses, so it never resolved (the bench hung here).
    await until(() => page.evaluate('navigator.serviceWorker.controller !== null') as Promise<boolean>, 'the service worker controls the page')
    const roster = (await (await fetch(`${base}/api/v1/desk/roster`, { headers: { authorization: `Bearer ${agent.token}` } })).json()) as {
      laborers: { id: number; villageCode: string }[]
    }
    const hasEmployments = (await fetch(`${base}/api/v1/laborers/${roster.laborers[0].id}/employments`, { headers: { authorization: `Bearer ${agent.token}` } })).status !== 404
    const hasVisits = (await fetch(`${base}/api/v1/laborers/${roster.laborers[0].id}/visits`, { headers: { authorization: `Bearer ${agent.token}` } })).status !== 404
    await context.setOffline(true)
    const queued = (await page.evaluate(
      `(async () => {
        const store = await import('/assets/desk-store.js')
        const laborers = ${JSON.stringify(roster.laborers.map((l) => ({ id: l.id, county: l.villageCode.slice(0, 6) })))}
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
        const kinds = []
        for (let i = 0; i < ${changes}; i++) {
          const l = laborers[i % laborers.length]
          const round = Math.floor(i / laborers.length)
          if (${hasEmployments} && i % 2 === 0) {
            kinds.push('employment')
            await store.enqueue({ kind: 'employment', method: 'POST', url: '/api/v1/laborers/' + l.id + '/employments', laborerId: l.id, label: 'bench',
              body: { form: 'local', placeCode: l.county, startDate: today, source: 'agent_reported', employerName: '基准测试 ' + i } })
          } else if (${hasVisits}) {
            kinds.push('visit')
            await store.enqueue({ kind: 'visit', method: 'POST', url: '/api/v1/laborers/' + l.id + '/visits', laborerId: l.id, label: 'bench',
              body: { visitDate: today, method: 'phone', outcome: 'working', note: '基准测试 ' + i } })
          } else {
            kinds.push('patch')
            await store.enqueue({ kind: 'patch', method: 'PATCH', url: '/api/v1/laborers/' + l.id, laborerId: l.id, label: 'bench',
              body: { trainingWishes: ['基准' + round + '-' + i] } })
          }
        }
        return kinds
      })()`,
    )) as string[]
    // Queued behind the page's back: the 'offline' event makes it redraw its sync bar.
    await page.evaluate('window.dispatchEvent(new Event("offline"))')
    await page.locator('#waiting', { hasText: `待同步 ${changes} 条` }).waitFor()
    step(`${changes} changes queued offline`)
    const replayStarted = performance.now()
    await context.setOffline(false)
    await page.locator('#waiting', { hasText: '待同步 0 条' }).waitFor()
    const replayMs = performance.now() - replayStarted
    step('replayed')
    const problems = (await page.evaluate(`import('/assets/desk-store.js').then((s) => s.problems()).then((p) => p.length)`)) as number
    const count = (sql: string) => {
      try {
        return (app.sqlite.prepare(sql).get() as { n: number }).n
      } catch {
        return null
      }
    }
    const onServer = {
      employments: hasEmployments ? count("SELECT count(*) AS n FROM employment_records WHERE employer_name LIKE '基准测试 %'") : 0,
      visits: hasVisits ? count("SELECT count(*) AS n FROM visits WHERE note LIKE '基准测试 %'") : 0,
    }

    const kb = (n: number) => round(n / 1024, 1)
    process.stdout.write(
      `${JSON.stringify(
        {
          firstLoad: {
            requests: app_.length,
            kbAsSent: kb(sum(app_, 'bytes')),
            kbGzip: kb(sum(app_, 'gzip')),
            budgetKbGzip: 200,
            fontRequests: fonts.length,
            fontKbAsSent: kb(sum(fonts, 'bytes')),
            villageListed: villageSize,
            unread,
            ms: Math.round(loadMs),
            largest: [...app_].sort((a, b) => b.gzip - a.gzip).slice(0, 6).map((r) => `${r.url} ${kb(r.bytes)} KB (${kb(r.gzip)} KB gzip)`),
          },
          replay: {
            changes,
            kinds: Object.fromEntries([...new Set(queued)].map((k) => [k, queued.filter((q) => q === k).length])),
            ms: Math.round(replayMs),
            budgetMs: 5000,
            problems,
            onServer,
          },
          loadavg: loadavg().map((l) => round(l, 2)),
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    await browser.close()
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
