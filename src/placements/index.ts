/**
 * Placements' face: a laborer placed in a job (written by matching's lifecycle when a
 * match is placed; read by transport, subsidies and progress reports). What a placement
 * means (travel, transport, employment status, receiving station), whether a laborer is
 * placed, and the writes. Tables are in `./schema`.
 */
export { destinationStation, planPlacement, type PlacementPlan } from './rules'
export { activePlacement, endPlacement, insertPlacement, placedAtStation, placementOfMatch } from './queries'
