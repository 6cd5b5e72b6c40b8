import fp from 'fastify-plugin'
import { databaseFile, openStorage, type Db, type Sqlite } from './database'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    sqlite: Sqlite
  }
}

/** One connection per process: better-sqlite3 is synchronous, so sharing it is safe. */
export default fp(
  async (app) => {
    const { sqlite, db } = openStorage(databaseFile(app.config.dataDir))
    app.decorate('db', db)
    app.decorate('sqlite', sqlite)
    app.addHook('onClose', async () => {
      sqlite.close()
    })
  },
  { name: 'db', dependencies: ['config'] },
)
