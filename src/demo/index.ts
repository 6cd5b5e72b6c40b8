/**
 * Demo seeding's face: the step each domain contributes (`src/<domain>/demo.ts`, shown
 * through that domain's index) and the runner, used by the first start and `npm run seed`.
 */
export { seedDemo, type DemoLink, type DemoOptions, type DemoStep } from './seed'
