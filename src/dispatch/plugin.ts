import fp from 'fastify-plugin'
import { StationHub } from './hub'
import { loadDispatchSettings, type DispatchSettings } from './settings'

declare module 'fastify' {
  interface FastifyInstance {
    /** Live delivery of station logs; call `notify(stationIds)` after committing appends. */
    dispatch: StationHub
    dispatchSettings: DispatchSettings
  }
}

export default fp(
  async (app) => {
    const settings = loadDispatchSettings()
    const hub = new StationHub(app.db, settings, app.log)
    app.decorate('dispatchSettings', settings)
    app.decorate('dispatch', hub)
    // Runs before the database closes (onClose hooks run in reverse order of registration).
    app.addHook('onClose', async () => hub.close())
  },
  { name: 'dispatch', dependencies: ['db'] },
)
