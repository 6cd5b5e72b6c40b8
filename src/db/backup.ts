import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'

/**
 * Online backup through SQLite's backup API: consistent even while the server writes,
 * page by page so it never holds the database for long.
 */
export async function backupDatabase(
  source: string,
  destination: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ pages: number }> {
  if (!existsSync(source)) throw new Error(`no database at ${source}`)
  if (existsSync(destination)) throw new Error(`${destination} exists; refusing to overwrite a backup`)
  const sqlite = new Database(source, { readonly: true, fileMustExist: true })
  try {
    const result = await sqlite.backup(destination, {
      progress({ totalPages, remainingPages }) {
        onProgress?.(totalPages - remainingPages, totalPages)
        return 1024
      },
    })
    return { pages: result.totalPages }
  } finally {
    sqlite.close()
  }
}
