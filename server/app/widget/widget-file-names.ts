/** The files of the built widget that the server serves, as `npm run build` names them in dist/. */
export const WIDGET_FILE_NAMES = [
  'imp-card.js',
  'imp-card-inline.js',
  'imp-card-frame.js',
  'imp-card.mjs',
] as const;

export type WidgetFileName = (typeof WIDGET_FILE_NAMES)[number];

/** `imp-card-inline.js` with hash `3f…` → `imp-card-inline.3f….js`: a URL that never changes content. */
export function hashedName(name: WidgetFileName, hash: string): string {
  return name.replace(/\.(m?js)$/, `.${hash}.$1`);
}
