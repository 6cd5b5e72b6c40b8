import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function keyFile(dataDir: string): string {
  return join(dataDir, 'pii.key')
}

/**
 * The master key, from the first of:
 * - `PII_KEY` (the key itself);
 * - `PII_KEY_FILE`: a file kept apart from the data dir (so a copy of the data dir or of
 *   its backups does not carry the key). It must exist: a mistyped path must stop
 *   start-up, not start a second key under which new records would be sealed;
 * - `pii.key` in the data dir, created (mode 0600, exclusively, so two processes starting
 *   at once cannot both write one) on first use and reused after.
 * Losing the key makes every stored ID unreadable.
 */
export function loadPiiKey(config: { dataDir: string; piiKey?: string; piiKeyFile?: string }): string {
  if (config.piiKey) return config.piiKey.toLowerCase()
  if (config.piiKeyFile) return readKey(config.piiKeyFile, 'PII_KEY_FILE ')
  const file = keyFile(config.dataDir)
  mkdirSync(config.dataDir, { recursive: true })
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return readKey(file, '')
}

function readKey(file: string, variable: string): string {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new Error(`${variable}${file} cannot be read (${code}); create it with: openssl rand -hex 32 > ${file} && chmod 600 ${file}`)
  }
  const key = text.trim()
  if (!/^[0-9a-f]{64}$/i.test(key)) throw new Error(`${variable}${file} does not hold a 64-hex-digit key`)
  return key.toLowerCase()
}
