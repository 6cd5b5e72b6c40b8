/**
 * Matching's face: the fit score and its settings in force, the one eligibility rule, the
 * assignment solver and its graph (fair rounds reuse them), the match lifecycle (propose,
 * act, the rules that make a pair matchable) and the match read model. Runs,
 * recommendations and routes are matching's own. Tables are in `./schema`.
 *
 * **The eligibility rule** (`eligibility`, shown here, defined once in `fit-score.ts`): a laborer and a posting may be paired —
 * shown as a recommendation or a candidate, proposed, assigned by a fair round or a run
 * in either mode — exactly when the fit score does not exclude the pair. Every one of
 * those paths scores through the same `fastScore` (`fit-table.ts`); SQL and search
 * prefilters are supersets derived from the same destination table (docs/matching.md).
 */
export { eligibility, fitScore, postingScorer, povertyLabels, type Eligibility, type FitComponent, type FitResult } from './fit-score'
export type { ComponentName, FitContext, FitJob, FitLaborer } from './fit-table'
export { assignOptimal, runToEnd } from './assignment'
export { buildGraph, type GraphInput } from './candidates'
export { actOnMatch, ensureMatchable, proposeMatch } from './lifecycle'
export { currentConfig, getMatchRow, insertMatch, listMatches } from './queries'
export { MatchView } from './views'
export { laborerNameFor, maskName, matchViewFor, type MatchWithNames } from './visibility'
