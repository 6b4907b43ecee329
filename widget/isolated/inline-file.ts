declare const __IMPCARD_INLINE_FILE__: string | undefined;

/**
 * The form's script as the loader fetches it: by content hash in a build (vite.isolated.config.ts
 * defines it; the server caches that URL for a year), by its plain name in a test bundle.
 */
export const INLINE_FILE: string =
  typeof __IMPCARD_INLINE_FILE__ === 'string' ? __IMPCARD_INLINE_FILE__ : 'imp-card-inline.js';
