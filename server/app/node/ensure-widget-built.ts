import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { packageRoot } from './package-root.ts';

/** The widget's builds: the inline bundle first (it empties dist/), then isolated mode's two scripts. */
const WIDGET_BUILDS = [
  ['build'],
  ['build', '-c', 'vite.isolated.config.ts', '--mode', 'frame'],
  ['build', '-c', 'vite.isolated.config.ts', '--mode', 'host'],
];

/**
 * Builds the widget when dist/ lacks it (a fresh clone running `npm start`): `createServer` serves
 * the widget from dist/widget-files.js, so this runs before the server's modules are loaded. An
 * installed package always has it.
 */
export function ensureWidgetBuilt(log: (line: string) => void = console.log): void {
  const root = `${packageRoot()}/`;
  const files = ['imp-card.js', 'imp-card-inline.js', 'imp-card-frame.js', 'widget-files.js'];
  if (files.every((f) => existsSync(`${root}dist/${f}`))) return;
  // Only a source checkout has vite to build it.
  if (!existsSync(`${root}node_modules/.bin/vite`)) {
    throw new Error(`${root}dist/ lacks the widget (${files.join(', ')}): reinstall impcard`);
  }
  log('dist/ lacks the widget: building it (vite build)…');
  for (const args of WIDGET_BUILDS) {
    const result = spawnSync(`${root}node_modules/.bin/vite`, [...args, '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0)
      throw new Error('building the widget failed: run "npm run build" to see why');
  }
}
