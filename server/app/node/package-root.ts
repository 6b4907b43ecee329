import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of the `impcard` package this file belongs to: the repository when run from source
 * (`server/app/node/`), the installed package when run compiled (`dist/server/app/node/`). The
 * widget bundle lives in its `dist/`, wherever that package was installed.
 */
export function packageRoot(from: string = import.meta.url): string {
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
