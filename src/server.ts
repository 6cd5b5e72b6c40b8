import { ConfigError, loadConfig } from './config'

let config
try {
  config = loadConfig(process.env)
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  }
  throw error
}

// The app's modules load only once the settings are known good: a typo in the environment
// is named within a fraction of a second, not after loading the whole server.
const { buildApp } = await import('./app')
const { compilePendingSchemas } = await import('./http/schema-compilers')
const app = await buildApp(config)
if (app.bootstrapToken) {
  process.stdout.write(
    `\n  First start: a city_admin token was generated. It is shown only this once:\n\n    ${app.bootstrapToken}\n\n` +
      '  Keep it safe, or set ADMIN_TOKEN to choose your own.\n\n',
  )
}

const demoTokens = app.hasDecorator('demoTokens') ? app.demoTokens : []
if (demoTokens.length > 0) {
  const roleNames: Record<string, string> = { village_agent: '村就业专员', township_staff: '乡镇服务站', county_officer: '县就业中心' }
  const lines = demoTokens.map((d) => `    ${roleNames[d.role] ?? d.role} (${d.role}, ${d.place}):\n      ${d.token}`)
  process.stdout.write(
    `\n  Demo workbench tokens (http://${config.host}:${config.port}/desk/ — sign in once per browser), shown only this once:\n\n${lines.join('\n')}\n\n`,
  )
}

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}

const address = await app.listen({ port: config.port, host: config.host })
// Route schemas compile on first use; build the rest now, between requests, so a schema error shows at start.
compilePendingSchemas().catch((error) => app.log.error({ err: error }, 'a route schema does not compile'))
// The demo's pages with their keys (the fair's wall board): on the terminal once, never in the log.
const links = app.hasDecorator('demoLinks') ? app.demoLinks : []
if (links.length > 0) {
  process.stdout.write(
    `\n  Demo pages (shown only this once):\n\n${links.map((l) => `    ${l.label}\n    ${address}${l.path}\n`).join('\n')}\n`,
  )
}
