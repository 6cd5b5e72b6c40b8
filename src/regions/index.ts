/**
 * Regions' face: the administrative hierarchy (`app.regions`, a `RegionDirectory`) and how
 * place names are joined. Tables are in `./schema`.
 */
export { joinPlaceNames, type RegionDirectory } from './directory'
export { requireLocalPlace } from './places'
