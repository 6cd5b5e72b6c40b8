/**
 * Subsidy policy's face. The rules, the facts and the ledger are policy's own; other
 * domains use only the demo step. Tables are in `./schema`.
 */
export { policyDemoStep } from './demo'
export { laborerSubsidyGuide, type SubsidyGuideItem } from './guide'
