/**
 * `npm run cli -- <command> …`: operations run next to the server, on the same data dir
 * (the database is WAL, so the server may keep running).
 */
const commands: Record<string, { summary: string; load: () => Promise<{ default: (args: string[]) => Promise<void> }> }> = {
  'access-matrix': { summary: '[file]: write the role × route table (docs/security.md)', load: () => import('./cli/access-matrix') },
  'errors-doc': { summary: '[file]: write the table of error codes (docs/errors.md)', load: () => import('./cli/errors-doc') },
  backup: { summary: 'backup <file>: online copy of the database, safe while the server runs', load: () => import('./cli/backup') },
  import: { summary: 'import laborers|jobs <file.csv|file.jsonl>: bulk load (idempotent)', load: () => import('./cli/import') },
  'match-run': {
    summary: 'match-run --mode optimal|stable [--region CODE] [--k 50] [--seed 1]: assignment run, report printed',
    load: () => import('./cli/match-run'),
  },
  station: {
    summary: 'station listen --station ID --token T [--url ws://…] [--state-file F]: a minimal station client',
    load: () => import('./cli/station'),
  },
  report: {
    summary: 'report progress [--period xun|month|quarter|ytd] [--date D] [--county C] | report ranking [--month M]: CSV on stdout',
    load: () => import('./cli/report'),
  },
  reindex: { summary: 'reindex: rebuild the search index (SEARCH_BACKEND) from SQLite', load: () => import('./cli/reindex') },
  seed: { summary: 'seed [--laborers N] [--seed S]: demo data of the city at any size', load: () => import('./cli/seed') },
  token: { summary: 'token create --role R [--scope S] [--label L] [--expires-in-days D] | token rotate --id N [--grace-minutes M] | token revoke --id N | token list', load: () => import('./cli/token') },
}

const [name, ...args] = process.argv.slice(2)
const command = name ? commands[name] : undefined
if (!command) {
  process.stderr.write(
    `usage: npm run cli -- <command>\n\n${Object.entries(commands)
      .map(([n, c]) => `  ${n.padEnd(14)} ${c.summary}`)
      .join('\n')}\n`,
  )
  process.exit(name ? 1 : 0)
}
try {
  await (await command.load()).default(args)
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
