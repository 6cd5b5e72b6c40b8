import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Test } from 'tap'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = join(process.cwd(), 'test-artifacts')

/** For `t.test(name, { skip: noBrowser }, …)`: browser tests skip, visibly, only where no browser exists at all. */
export const noBrowser: string | false = existsSync(CHROMIUM)
  ? false
  : `skipped: no browser at ${CHROMIUM} (apt-get install chromium; CI installs it)`

/** Debian's Chromium, headless, with nothing that would reach out to the (closed) network. */
export async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
  t.teardown(() => browser.close())
  return browser
}

/** A page that records console errors and uncaught exceptions, to assert there were none. */
export async function openPage(browser: Browser, viewport = { width: 1080, height: 1920 }) {
  const page = await browser.newPage({ viewport })
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(String(error)))
  return { page, errors }
}

export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' })
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

/** A phone's viewport (a cheap Android phone), for the workbench. */
export const PHONE = { width: 360, height: 640 }

/** A screenshot that the README shows: into docs/screenshots as well as test-artifacts. */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  const path = await screenshot(page, name)
  const docs = join(process.cwd(), 'docs', 'screenshots')
  mkdirSync(docs, { recursive: true })
  copyFileSync(path, join(docs, `${name}.png`))
}

/**
 * The lowest WCAG contrast ratio between text and its background among the elements
 * matching `selector` (backgrounds taken from the nearest ancestor that has one).
 */
export async function lowestContrast(page: Page, selector: string): Promise<{ ratio: number; text: string }> {
  return page.evaluate<{ ratio: number; text: string }>(`(() => {
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 4).map(Number)
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor)
        if (c.length < 4 || c[3] > 0) return c
      }
      return [255, 255, 255]
    }
    let worst = { ratio: 21, text: '' }
    for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
      if (!el.textContent.trim() || el.offsetParent === null) continue
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))]
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
      if (ratio < worst.ratio) worst = { ratio: Math.round(ratio * 100) / 100, text: el.textContent.trim().slice(0, 30) }
    }
    return worst
  })()`)
}
