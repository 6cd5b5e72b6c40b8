/**
 * `import <kind> <file> [options]`: bulk loading, one importer per kind of record.
 * Modules add their kind here.
 */
const importers: Record<string, { summary: string; load: () => Promise<{ default: (args: string[]) => Promise<void> }> }> = {
  laborers: {
    summary: 'laborers <file.xlsx|file.csv|file.jsonl> [--workers N] [--batch N] [--charset gbk] [--dry-run]: rosters with Chinese headers (.xlsx, UTF-8/GBK CSV) or the registry CSV/JSONL',
    load: () => import('./import-laborers'),
  },
  jobs: {
    summary: 'jobs <file.jsonl|file.csv> [--source NAME]: partner postings, upserted by (source, externalId)',
    load: () => import('./import-jobs'),
  },
}

export default async function importCommand(args: string[]): Promise<void> {
  const [kind, ...rest] = args
  const importer = kind ? importers[kind] : undefined
  if (!importer) {
    throw new Error(`usage: import <kind> …\n${Object.values(importers).map((i) => `  import ${i.summary}`).join('\n')}`)
  }
  await (await importer.load()).default(rest)
}
