import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repository's Markdown manuals, relative to `root`: the READMEs at the top (README.md and its
 * translations, README.ko.md) and every page under docs/, at any depth (docs/ko/*.md too), so a
 * guide added later is checked without being listed anywhere.
 */
export function docPages(root: string): string[] {
  const readmes = readdirSync(root)
    .filter((f) => /^README(\.[\w-]+)?\.md$/.test(f))
    .sort((a, b) => (a === 'README.md' ? -1 : b === 'README.md' ? 1 : a.localeCompare(b)));
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f.split('\\').join('/')}`)
        .sort()
    : [];
  return [...readmes, ...docs];
}
