/**
 * Web shows nothing to other domains: its routes are registered by the composition
 * root (`src/modules.ts`) and everything in the folder is its own.
 */
export {}
