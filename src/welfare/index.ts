/**
 * Public-welfare posts' face (公益性岗位): the scoped loader, the terms' lifecycle the demo
 * and other domains may drive, and the holder counts the reports read. Routes, queries and
 * the candidate ranking are the domain's own. Tables are in `./schema`.
 */
export { welfarePostInScope } from './scope'
export { fillPost, sweepLapsedTerms } from './terms'
export { holdersOn } from './queries'
export { welfareDemoStep } from './demo'
