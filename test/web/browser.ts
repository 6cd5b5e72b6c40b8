import { existsSync, mkdirSync } from 'node:fs'
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
