/**
 * Public-welfare posts' face (公益性岗位): the scoped loader, the terms' lifecycle the demo
 * and other domains may drive (holders get employment records, which the reports count). Routes, queries and
 * the candidate ranking are the domain's own. Tables are in `./schema`.
 */
export { welfarePostInScope } from './scope'
export { fillPost, sweepLapsedTerms } from './terms'
export { welfareDemoStep } from './demo'
