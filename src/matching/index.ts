/**
 * Matching's face: the fit score and its settings in force, the assignment solver and its
 * graph (fair rounds reuse them), the match lifecycle (propose, act, the rules that make a
 * pair matchable) and the match read model. Runs, recommendations and routes are
 * matching's own. Tables are in `./schema`.
 */
export { fitScore, type FitContext } from './fit-score'
export { assignOptimal, runToEnd } from './assignment'
export { buildGraph, type GraphInput } from './candidates'
export { actOnMatch, ensureMatchable, proposeMatch } from './lifecycle'
export { currentConfig, getMatchRow, insertMatch, listMatches } from './queries'
export { MatchView } from './views'
export { laborerNameFor, maskName, matchViewFor, type MatchWithNames } from './visibility'
