/**
 * Job fairs' face. Fairs' live board, rounds and check-in are their own; other domains
 * use only the demo step. Tables are in `./schema`.
 */
export { fairDemoStep } from './demo'
