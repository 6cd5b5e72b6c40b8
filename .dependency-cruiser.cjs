/**
 * Module boundaries (docs/architecture.md, "The dependency rule"). `npm run lint:deps`
 * runs this alone; `npm test` runs it before the tests.
 */
const infrastructure = '^src/(db|http|pii|auth)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-face-only',
      severity: 'error',
      comment:
        'A domain folder uses another domain only through its face: src/<b>/index.ts (scoped loaders, ' +
        'read models, rules) or src/<b>/schema.ts (tables, for joins). Add what you need to <b>/index.ts ' +
        'instead of importing its queries, routes or internals. Infrastructure (db, http, pii, auth) and ' +
        'root files (src/*.ts) are shared by all.',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/',
        pathNot: ['^src/$1/', infrastructure, '^src/[^/]+/(index|schema)\\.ts$'],
      },
    },
    {
      name: 'composition-root-registers-only',
      severity: 'error',
      comment:
        'Root files (src/*.ts: app, modules, config, …) compose the app: besides a domain’s face they may ' +
        'import its plugin (plugin.ts) and route plugins (routes.ts, *-routes.ts) to register them, nothing else.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: {
        path: '^src/[^/]+/',
        pathNot: [infrastructure, '^src/[^/]+/(index|schema|plugin|routes|[a-z-]+-routes)\\.ts$'],
      },
    },
    {
      name: 'face-is-for-others',
      severity: 'error',
      comment:
        'A domain’s own files import each other directly, never their own index.ts: the face re-exports ' +
        'them, so going through it from inside makes import cycles.',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/$1/index\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (else the rules above would not see it).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: '^src/',
    exclude: { path: '^src/web/public/' },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a face hides types as well as values.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
