// `dist/widget-files.js`, written by the widget build (vite.isolated.config.ts) and reached through
// package.json's `imports` ("#widget-files"): the built widget, so a fresh clone type-checks before
// anything is built.
declare module '#widget-files' {
  /** Each built widget file's text and the first 16 hex digits of its SHA-256. */
  export const widgetFiles: Readonly<Record<string, { hash: string; text: string } | undefined>>;
}
