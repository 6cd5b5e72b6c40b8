import fp from 'fastify-plugin'
import { StationHub } from './hub'

declare module 'fastify' {
  interface FastifyInstance {
    /** Live delivery of station logs; call `notify(stationIds)` after committing appends. */
    dispatch: StationHub
  }
}

export default fp(
  async (app) => {
    const hub = new StationHub(app.db, app.config.sockets, app.config.dispatchPollMs, app.log)
    app.decorate('dispatch', hub)
    // Runs before the database closes (onClose hooks run in reverse order of registration).
    app.addHook('onClose', async () => hub.close())
  },
  { name: 'dispatch', dependencies: ['db'] },
)
