/**
 * Search's face: what a posting must be to be found, and keeping the index in step with a
 * posting's writes (called in the writer's transaction). The engines, the analyzer and the
 * outbox are search's own; the service reaches routes as `app.search`.
 */
export { foundOn, searchable } from './document'
export { syncJobAvailability, syncJobIndex } from './queries'
