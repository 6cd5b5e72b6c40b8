import { resolve } from 'node:path'
import { SingleBar } from 'cli-progress'
import { loadConfig } from '../../src/config'
import { backupDatabase } from '../../src/db/backup'
import { databaseFile } from '../../src/db/database'

export default async function backup(args: string[]): Promise<void> {
  const target = args[0]
  if (!target) throw new Error('usage: backup <file>')
  const source = databaseFile(loadConfig(process.env).dataDir)
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'backup [{bar}] {percentage}% {value}/{total} pages' }) : null
  const { pages } = await backupDatabase(source, resolve(target), (done, total) => {
    if (!bar) return
    if (bar.getTotal() !== total) bar.start(total, done)
    bar.update(done)
  })
  bar?.stop()
  process.stdout.write(`backed up ${source} to ${resolve(target)} (${pages} pages)\n`)
}
