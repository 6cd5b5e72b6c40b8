import { BadRequestError } from '../errors'
import type { RegionDirectory } from './directory'

/**
 * The place of local work (a public-welfare post, a workshop, a gig): a township (9 digits)
 * or village (12) of the served city, or a 400 naming the field and the city by name.
 */
export function requireLocalPlace(regions: RegionDirectory, city: string, code: string, field = 'body.regionCode'): void {
  const level = code.length === 12 ? 'village' : 'township'
  if (!regions.isLocal(code, level)) throw new BadRequestError(`${field} ${code} 不是${regions.get(city)?.name ?? '本市'}下的乡镇或村`)
}
