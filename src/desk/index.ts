/**
 * The workbench (`/desk/`) shows nothing to other domains: its read models serve its own
 * page, registered by the composition root (`src/modules.ts`).
 */
export {}
