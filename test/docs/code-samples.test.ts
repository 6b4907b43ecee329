// Every code sample of the READMEs (README.md, README.ko.md) and docs/**/*.md, checked as a merchant would use it: it imports
// `impcard/...`, never a path into this repository, and it type-checks against the package as a
// consumer resolves it (package.json's `exports` → dist/**/*.d.ts; run after `npm run build`).
//
// What a fenced block gets, by its language and the HTML comment on the line before its fence:
// - ```ts, ```tsx, ```js: written to test/.artifacts/doc-samples/<doc>/ and type-checked, all in
//   one run of the real tsc (`tsc -b` over two programs). TypeScript: strict, with
//   exactOptionalPropertyTypes, noUncheckedIndexedAccess and verbatimModuleSyntax, so a sample
//   compiles under the strictest tsconfig a merchant is likely to have. JavaScript (allowJs +
//   checkJs): strict except strictNullChecks and noImplicitAny, which plain JavaScript can only
//   meet with JSDoc on every value; a misspelt or missing option, a wrong value type, an unknown
//   export or event field still fail. The files sit inside this package, so `impcard/server`
//   resolves by the package's own name through its exports; the test checks that tsc read dist/
//   and no source file.
// - `<!-- from: examples/<file> -->`: copied from a tested example, lines left out. Not
//   type-checked: every line that is not empty and not an elision (`// …`, `// … what was left
//   out`) must be a line of that file, in the same order (whitespace trimmed).
// - `<!-- typed-merchant-script …`: skipped; test/docs/typed-client.test.ts checks it against the
//   types generated from the OpenAPI document and runs it.
// - `<!-- sample-prelude: <code> -->`: <code> is put before the block in the checked file, for
//   names the reader supplies (`user`, `currentCustomerId()`) or a runtime's globals that are not
//   installed here (`Deno`). A copied sample then fails to compile until the merchant supplies
//   them, where a visible `declare` would compile and fail at run time. Prefer complete samples.
// - `<!-- known-type-error: <message> -->`: the sample is right and impcard's published types are
//   not; tsc errors of the block containing <message> are expected, others still fail, and the
//   test fails once that error is gone (so the marker goes when the types are fixed).
// - A first line `// path/to/file.tsx` (or `// path/to/file.tsx: a note`) names the block's file,
//   so that another block of the same doc can import it (`import { CardForm } from './card-form'`).
//   A block copied from an example may import the example's own files beside the one it names.
//   Any other relative import fails.
// - ```vue: not type-checked (that needs vue-tsc and an SFC compiler), but its imports must be
//   `impcard/...` entries or packages. ```html, ```sh, ```yaml, ```toml and unlabelled blocks are
//   not checked. A fence of another language (```typescript, ```jsx, …) fails, so that no sample
//   escapes the check by its label.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { docPages } from './doc-pages.ts';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'test/.artifacts/doc-samples');

const CHECKED = new Set(['ts', 'tsx', 'js']);
const NOT_CHECKED = new Set(['', 'sh', 'html', 'vue', 'yaml', 'toml', 'json', 'text', 'http']);
const PATH_COMMENT = /^\/\/\s*([\w@.[\]-]+(?:\/[\w@.[\]-]+)*\.(?:tsx?|jsx?|mjs|mts))(?::\s.*)?$/;
const ELISION = /^(?:\/\/|\/\*)?\s*…/;

/**
 * Modules the samples import that this repository does not install, declared with the shape the
 * samples use. impcard's own types are never stubbed.
 */
const NOT_INSTALLED = `
declare module 'next/navigation' {
  export function useRouter(): { push(href: string): void; refresh(): void };
}
declare module '@vitejs/plugin-vue' {
  import type { Plugin } from 'vite';
  export default function vue(options?: {
    template?: { compilerOptions?: { isCustomElement?: (tag: string) => boolean } };
  }): Plugin;
}
`;

interface Block {
  /** The Markdown file, relative to the repository. */
  doc: string;
  /** The line of the opening fence (1-based). */
  line: number;
  lang: string;
  code: string;
  /** The HTML comment on the line before the fence, if any. */
  marker: string | undefined;
}

function blocksOf(doc: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', lang = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== fence) {
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!);
      j++;
    }
    const before = lines[i - 1]?.trim() ?? '';
    blocks.push({
      doc,
      line: i + 1,
      lang,
      code: body.join('\n'),
      marker: before.startsWith('<!--') ? before : undefined,
    });
    i = j;
  }
  return blocks;
}

const where = (b: Block, codeLine = 0) => `${b.doc}:${b.line + codeLine}`;
const fromOf = (b: Block) => /^<!--\s*from:\s*(\S+)\s*-->$/.exec(b.marker ?? '')?.[1];
const knownErrorOf = (b: Block) =>
  /^<!--\s*known-type-error:\s*(.+?)\s*-->$/.exec(b.marker ?? '')?.[1];
const preludeOf = (b: Block) =>
  /^<!--\s*sample-prelude:\s*([\s\S]*?)\s*-->$/.exec(b.marker ?? '')?.[1];
const isTypedClientScript = (b: Block) =>
  b.marker?.startsWith('<!-- typed-merchant-script') ?? false;
const pathOf = (b: Block) => PATH_COMMENT.exec(b.code.split('\n')[0]!.trim())?.[1];

/** Every module specifier the code names (import/export … from, import(), require()). */
function specifiersOf(code: string): { specifier: string; codeLine: number }[] {
  const found: { specifier: string; codeLine: number }[] = [];
  const pattern =
    /\b(?:from|import)\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of code.matchAll(pattern)) {
    found.push({
      specifier: (m[1] ?? m[2])!,
      codeLine: code.slice(0, m.index).split('\n').length,
    });
  }
  return found;
}

const docs = docPages(root);
const blocks = docs.flatMap((doc) => blocksOf(doc, readFileSync(join(root, doc), 'utf8')));
const exported = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: object }).exports,
).map((key) => posix.join('impcard', key));

/** Where a block is written: its own `// path` or one named by its line, under its doc's folder. */
function fileOf(b: Block): string {
  const named = pathOf(b);
  const ext = b.lang === 'js' ? 'js' : b.lang;
  return posix.join(
    b.doc.replace(/\.md$/, '').replaceAll('/', '-'),
    named ?? `line-${b.line}.${ext}`,
  );
}

/** The file of the same doc that a relative import of block `b` names, if a block defines it. */
function definedFile(b: Block, specifier: string): string | undefined {
  const base = posix.join(posix.dirname(fileOf(b)), specifier);
  const defined = new Set(
    blocks
      .filter((o) => o.doc === b.doc && pathOf(o) && CHECKED.has(o.lang) && !fromOf(o))
      .map(fileOf),
  );
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx')];
  for (const ext of ['.ts', '.tsx', '.js']) candidates.push(base + ext, `${base}/index${ext}`);
  return candidates.find((c) => defined.has(c));
}

/** For a block copied from an example: the example's own file that a relative import names. */
function besideExample(b: Block, specifier: string): string | undefined {
  const from = fromOf(b);
  if (!from) return undefined;
  const base = posix.join(posix.dirname(from), specifier);
  return [base, ...['.ts', '.tsx', '.js', '/index.ts'].map((ext) => base + ext)].find((c) =>
    existsSync(join(root, c)),
  );
}

describe('code samples in README.md, README.ko.md and docs/**/*.md', () => {
  it('finds the samples (a sanity check of the Markdown reading)', () => {
    const count = (lang: string) => blocks.filter((b) => b.lang === lang).length;
    assert.ok(count('ts') >= 10 && count('tsx') >= 3, `ts: ${count('ts')}, tsx: ${count('tsx')}`);
    assert.ok(
      blocks.some((b) => fromOf(b)),
      'some blocks are marked <!-- from: … -->',
    );
    assert.equal(blocks.filter(isTypedClientScript).length, 1, 'one typed merchant script');
    const server = blocks.find(
      (b) => b.doc === 'docs/server.md' && b.code.includes('signRegistrationToken'),
    );
    assert.ok(
      server && !server.code.startsWith(' '),
      'a block indented in a list item is unindented',
    );
    // The Korean pages are read too (docs/ko/ at any depth): each has samples to check.
    for (const doc of ['README.ko.md', 'docs/ko/migrate.md']) {
      assert.ok(
        blocks.some((b) => b.doc === doc && CHECKED.has(b.lang)),
        `${doc} has checked samples`,
      );
    }
  });

  it('use a checked language (ts, tsx, js) or a known unchecked one', () => {
    const odd = blocks.filter((b) => !CHECKED.has(b.lang) && !NOT_CHECKED.has(b.lang));
    assert.deepEqual(
      odd.map((b) => `${where(b)}: \`\`\`${b.lang}`),
      [],
      'label TypeScript ts/tsx and JavaScript js, so the sample is type-checked',
    );
  });

  it('import impcard/... and packages, never a path into the repository', () => {
    const problems: string[] = [];
    for (const b of blocks) {
      if ((!CHECKED.has(b.lang) && b.lang !== 'vue') || isTypedClientScript(b)) continue;
      for (const { specifier, codeLine } of specifiersOf(b.code)) {
        const at = where(b, codeLine);
        if (/^\.{1,2}\/|^\//.test(specifier)) {
          if (b.lang === 'vue' || !(definedFile(b, specifier) ?? besideExample(b, specifier))) {
            problems.push(
              `${at}: '${specifier}' is a path, not a file a block of ${b.doc} names with a first line '// path': a merchant imports impcard/...`,
            );
          }
        } else if (/^impcard(\/|$)/.test(specifier) && !exported.includes(specifier)) {
          problems.push(`${at}: '${specifier}' is not in package.json's exports`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('copied from an example (<!-- from: … -->) match that file line by line, in order', () => {
    const problems: string[] = [];
    for (const b of blocks.filter((x) => fromOf(x))) {
      const from = fromOf(b)!;
      const path = join(root, from);
      if (!existsSync(path)) {
        problems.push(`${where(b)}: ${from} does not exist`);
        continue;
      }
      const source = readFileSync(path, 'utf8')
        .split('\n')
        .map((l) => l.trim());
      const named = pathOf(b);
      if (named && !from.endsWith(`/${named}`)) {
        problems.push(`${where(b, 1)}: the block says '${named}' but is marked from ${from}`);
      }
      let next = 0;
      b.code.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        if (!line || ELISION.test(line) || (i === 0 && named)) return;
        const at = source.indexOf(line, next);
        if (at >= 0) {
          next = at + 1;
          return;
        }
        const earlier = source.indexOf(line);
        problems.push(
          earlier >= 0
            ? `${where(b, i + 1)}: '${line}' is line ${earlier + 1} of ${from}, before the previous line of the block`
            : `${where(b, i + 1)}: '${line}' is not a line of ${from}`,
        );
      });
    }
    assert.deepEqual(problems, []);
  });

  it('type-check against the package as a consumer resolves it (exports → dist/**/*.d.ts), in one tsc run', () => {
    rmSync(outDir, { recursive: true, force: true });
    const files = new Map<string, { block: Block; offset: number }>();
    for (const b of blocks.filter(
      (x) => CHECKED.has(x.lang) && !fromOf(x) && !isTypedClientScript(x),
    )) {
      const file = fileOf(b);
      assert.ok(!files.has(file), `${where(b)}: a second block of ${b.doc} names ${file}`);
      const prelude = preludeOf(b);
      const head = prelude === undefined ? '' : `${prelude}\n`;
      const path = join(outDir, file);
      mkdirSync(dirname(path), { recursive: true });
      // `export {}` makes every sample a module: its names stay its own, top-level await works.
      writeFileSync(path, `${head}${b.code}\nexport {};\n`);
      files.set(file, { block: b, offset: head.split('\n').length - 1 });
    }
    writeFileSync(join(outDir, 'not-installed.d.ts'), NOT_INSTALLED);
    // If impcard's types ever resolved to `any` (a .d.ts import broken under skipLibCheck), every
    // sample would pass: this wrong use must still fail, or the directive itself is an error.
    const canary = [
      "import { createServer } from 'impcard/server';",
      '// @ts-expect-error tokenSecret is a string',
      "createServer({ tokenSecret: 32, apiKey: 'a key of sixteen characters' });",
      '',
    ].join('\n');
    writeFileSync(join(outDir, 'canary.ts'), canary);
    writeFileSync(join(outDir, 'canary.js'), canary);
    // One tsc run (`tsc -b`) over two programs: TypeScript strict; JavaScript strict too, except
    // the two checks plain JavaScript cannot satisfy without JSDoc on every value
    // (`process.env.X` may be undefined, an untyped helper's parameter is `any`). Misspelt or
    // missing options, wrong value types, unknown exports and event fields still fail in .js.
    const compilerOptions = {
      strict: true,
      target: 'es2022',
      lib: ['es2023', 'dom', 'dom.iterable'],
      module: 'esnext',
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
      pretty: false,
      listFiles: true,
    };
    const names = [...files.keys()];
    const project = (name: string, options: object, list: string[]) =>
      writeFileSync(
        join(outDir, name),
        JSON.stringify({ compilerOptions: { ...compilerOptions, ...options }, files: list }),
      );
    project(
      'tsconfig.ts.json',
      {
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
      },
      ['not-installed.d.ts', 'canary.ts', ...names.filter((f) => !f.endsWith('.js'))],
    );
    project(
      'tsconfig.js.json',
      { allowJs: true, checkJs: true, strictNullChecks: false, noImplicitAny: false },
      ['not-installed.d.ts', 'canary.js', ...names.filter((f) => f.endsWith('.js'))],
    );
    const run = spawnSync(
      join(root, 'node_modules/.bin/tsc'),
      // Build mode takes `pretty` from the command line only: without it, FORCE_COLOR (set by
      // npm test's runner) turns the diagnostics into a format the parser below does not read.
      ['-b', '--pretty', 'false', 'tsconfig.ts.json', 'tsconfig.js.json'],
      { cwd: outDir, encoding: 'utf8' },
    );
    const output = run.stdout + run.stderr;
    // Diagnostics ("file(line,col): error TS…", details indented below), and --listFiles' lines.
    const listed: string[] = [];
    const errors: string[] = [];
    const known = new Map<Block, number>();
    for (const line of output.split('\n')) {
      const d = /^(?:(.+?)\((\d+),\d+\): )?error (TS\d+: .*)$/.exec(line);
      if (!d) {
        if (/^\s/.test(line) && errors.length) errors[errors.length - 1] += `\n  ${line.trim()}`;
        else if (line.trim() && existsSync(resolve(outDir, line.trim()))) {
          listed.push(resolve(outDir, line.trim()));
        } else if (line.trim()) {
          // A line that is neither a diagnostic nor a listed file: never let it pass unread.
          errors.push(`tsc printed a line this test cannot read: ${line}`);
        }
        continue;
      }
      const [, file, l = '0', message = ''] = d;
      const sample = file === undefined ? undefined : files.get(posix.normalize(file));
      if (!sample) {
        errors.push(`${file ?? 'tsc'}${file ? `(${l})` : ''}: ${message}`);
        continue;
      }
      const fragment = knownErrorOf(sample.block);
      if (fragment && message.includes(fragment)) {
        known.set(sample.block, (known.get(sample.block) ?? 0) + 1);
        continue;
      }
      const codeLine = Number(l) - sample.offset;
      errors.push(
        codeLine < 1
          ? `${where(sample.block)} (its sample-prelude): ${message}`
          : `${where(sample.block, codeLine)}: ${message}`,
      );
    }
    for (const { block } of files.values()) {
      if (knownErrorOf(block) && !known.has(block)) {
        errors.push(`${where(block)}: the known type error no longer occurs: remove the marker`);
      }
    }
    assert.deepEqual(errors, [], `tsc found problems in the samples:\n${errors.join('\n')}`);
    assert.ok(run.status === 0 || known.size > 0, output);
    const ours = listed.filter((f) => f.startsWith(`${root}/`) && !f.includes('/node_modules/'));
    assert.ok(
      ours.includes(join(root, 'dist/server/app/index.d.ts')),
      'impcard/server resolved to dist/server/app/index.d.ts',
    );
    assert.deepEqual(
      ours.filter((f) => /^(server|widget)\//.test(relative(root, f))),
      [],
      'no source file of the package is read: the samples see what a consumer sees',
    );
  });
});
