import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/database'
import type { DemoStep } from '../demo/index'
import { createEmployer, findEmployerByCreditCode } from '../employers/index'
import type { RegionDirectory } from '../regions/index'
import { shanghaiToday } from '../calendar'
import { generatePostings, type GeneratedEmployer, type Township } from './generator'
import { checkJob, type JobImportRow } from './model'
import { createJob } from './queries'
import { transaction } from '../db/transaction'

/** Townships of the served city with their county's name, for local public-welfare posts. */
export function localTownships(regions: RegionDirectory): Township[] {
  return regions.ofLevel('township').map((t) => ({
    code: t.code,
    countyCode: t.code.slice(0, 6),
    name: `${regions.get(t.code.slice(0, 6))?.name ?? ''}${t.name}`,
  }))
}

/**
 * Writes generated employers and postings, 1,000 postings per transaction, each indexed
 * for search as it is written.
 */
export function insertPostings(
  db: Db,
  ctx: { regionLevel: (code: string) => string | undefined; cityCode: string; today: string },
  corpus: { employers: GeneratedEmployer[]; jobs: JobImportRow[] },
  source: string,
  onProgress?: (done: number, total: number) => void,
): number[] {
  const employerIds = new Map<string, number>()
  transaction(db, () => {
    for (const e of corpus.employers) employerIds.set(e.creditCode, (findEmployerByCreditCode(db, e.creditCode) ?? createEmployer(db, e)).id)
  })
  const ids: number[] = []
  for (let start = 0; start < corpus.jobs.length; start += 1000) {
    transaction(db, () => {
      for (const row of corpus.jobs.slice(start, start + 1000)) {
        const checked = checkJob(row, ctx)
        if (!checked.ok) throw new Error(`generated posting ${row.externalId}: ${checked.field} ${checked.reason}`)
        const employerId = employerIds.get(row.employerCreditCode) ?? findEmployerByCreditCode(db, row.employerCreditCode)?.id
        if (employerId === undefined) throw new Error(`generated posting ${row.externalId}: no employer ${row.employerCreditCode}`)
        ids.push(createJob(db, { ...checked.content, employerId, source, externalId: row.externalId }).id)
      }
    })
    onProgress?.(Math.min(start + 1000, corpus.jobs.length), corpus.jobs.length)
  }
  return ids
}

/** Partner employers and `DEMO_JOBS` postings from every partner area; skipped when postings exist. */
export const jobsDemoStep: DemoStep = {
  name: 'jobs',
  run(app: FastifyInstance, random, options) {
    const { n } = app.sqlite.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }
    if (n > 0 || options.jobs === 0) return
    const today = shanghaiToday()
    const corpus = generatePostings(random, options.jobs, { today, townships: localTownships(app.regions), externalPrefix: 'demo' })
    insertPostings(
      app.db,
      { regionLevel: (code) => app.regions.get(code)?.level, cityCode: app.config.cityCode, today },
      corpus,
      'demo',
      (done, total) => options.onProgress?.('jobs', done, total),
    )
  },
}
