/**
 * Follow-up after arrival (跟踪服务) shows nothing to other domains: its routes are
 * registered by the composition root (`src/modules.ts`); tables are in `./schema`.
 */
export {}
