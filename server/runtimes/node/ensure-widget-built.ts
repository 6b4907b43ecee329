import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The widget's builds: the inline bundle first (it empties dist/), then isolated mode's two scripts. */
const WIDGET_BUILDS = [
  ['build'],
  ['build', '-c', 'vite.isolated.config.ts', '--mode', 'frame'],
  ['build', '-c', 'vite.isolated.config.ts', '--mode', 'host'],
];

/**
 * The directory of the `impcard` package this file belongs to: the repository when run from source
 * (`server/runtimes/node/`), the installed package when run compiled (`dist/server/runtimes/node/`).
 * The widget bundle lives in its `dist/`, wherever that package was installed.
 */
function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'impcard') {
          return dir;
        }
      } catch {
        // An unreadable package.json is not ours: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`impcard: cannot find its package.json above ${from}`);
    dir = parent;
  }
}

/**
 * Builds the widget when dist/ lacks it (a fresh clone running `npm start`): `createServer` serves
 * the widget from dist/widget-files.js, so this runs before the server's modules are loaded. An
 * installed package always has it. Development only: it needs the repository's vite.
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
