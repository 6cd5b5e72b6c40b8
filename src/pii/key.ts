import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function keyFile(dataDir: string): string {
  return join(dataDir, 'pii.key')
}

/**
 * The master key: `PII_KEY` when given, otherwise `pii.key` in the data dir, created
 * (mode 0600, exclusively, so two processes starting at once cannot both write one) on
 * first use and reused after. Losing this file makes every stored ID unreadable.
 */
export function loadPiiKey(config: { dataDir: string; piiKey?: string }): string {
  if (config.piiKey) return config.piiKey.toLowerCase()
  const file = keyFile(config.dataDir)
  mkdirSync(config.dataDir, { recursive: true })
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const key = readFileSync(file, 'utf8').trim()
  if (!/^[0-9a-f]{64}$/i.test(key)) throw new Error(`${file} does not hold a 64-hex-digit key`)
  return key.toLowerCase()
}
