/**
 * The gig market's face (零工市场): the scoped loader and the demo step. Routes, the
 * board and the sign-up rules are the domain's own. Tables are in `./schema`.
 */
export { gigInScope } from './scope'
export { gigsDemoStep } from './demo'
