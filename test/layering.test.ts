// The server's layers, read from the sources and from what `npm pack` ships (as
// widget/contract/browser-safe.test.ts does for the widget's core):
// - server/app is the Web-standard app: it imports no runtime entry, sandbox or test support, and
//   nothing of Node (`node:*`, Node's built-in names, @hono/node-server), apart from one file that
//   says it is Node-only and that the Web entries never load;
// - the Web entries (impcard/server, /workers, /bun, /deno) load neither the demo nor the OpenAPI
//   builder when imported: those load on first use;
// - server/ has no import cycle (a depth-first walk over every relative import, type-only too);
// - nothing shipped imports a devDependency or a file that is not shipped, and no test support
//   ships. Run after `npm run build` (test/run-node.mjs builds first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findCycles } from '../server/testing/find-cycles.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Import {
  specifier: string;
  /** `import type` / `export type`: erased from the JavaScript. */
  typeOnly: boolean;
  /** `import('…')`: loaded when the code runs there, not with the module. */
  dynamic: boolean;
}

// Static imports and re-exports (`import x from`, `import '…'`, `export … from`) and dynamic
// imports of a literal. verbatimModuleSyntax keeps `import { type A }` as a real import, so only a
// whole `import type` statement is type-only.
const IMPORT =
  /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function importsOf(source: string): Import[] {
  return [...source.matchAll(IMPORT)].map((m) => ({
    specifier: m[2] ?? m[3]!,
    typeOnly: m[1] !== undefined,
    dynamic: m[3] !== undefined,
  }));
}

/** The non-test TypeScript modules under `dir`, as absolute paths. */
function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modulesUnder(path);
    return /(?<!\.test|\.d)\.ts$/.test(entry.name) ? [path] : [];
  });
}

const isNodeOnly = (specifier: string) =>
  specifier.startsWith('node:') ||
  builtinModules.includes(specifier.split('/')[0]!) ||
  specifier === '@hono/node-server' ||
  specifier.startsWith('@hono/node-server/');

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

const server = join(root, 'server');
const app = join(server, 'app');
const serverModules = modulesUnder(server);
const sources = new Map<string, string>();
/** A module's source, read once (the Web entries also load widget/contract). */
const sourceOf = (file: string) => {
  let source = sources.get(file);
  if (source === undefined) sources.set(file, (source = readFileSync(file, 'utf8')));
  return source;
};
const rel = (file: string) => relative(root, file);

/** The files a module's relative imports name. */
function targets(file: string, keep: (i: Import) => boolean): string[] {
  return importsOf(sourceOf(file))
    .filter((i) => i.specifier.startsWith('.') && keep(i))
    .map((i) => resolve(dirname(file), i.specifier));
}

/** Every module a module loads with it: its static runtime imports, transitively. */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of targets(file, (i) => !i.typeOnly && !i.dynamic)) visit(next);
  };
  visit(entry);
  return seen;
}

/** Every cycle a depth-first walk meets, each as the files around it (repository paths). */
const cycles = (edges: Map<string, string[]>) => findCycles(edges).map((cycle) => cycle.map(rel));

/** The one Node-only module of server/app: `impcard/redis`, over ioredis's sockets. */
const NODE_ONLY_IN_APP = new Set([join(app, 'store/redis-store.ts')]);

describe('server/app is the Web-standard app', () => {
  const appModules = serverModules.filter((f) => f.startsWith(`${app}/`));

  it('is read: every module, with its imports', () => {
    assert.ok(appModules.length >= 60, `${appModules.length} modules`);
    assert.ok(
      importsOf(sourceOf(join(app, 'create-server.ts'))).some((i) => i.specifier === 'hono'),
    );
  });

  it('imports no runtime entry, sandbox or test support', () => {
    const outside = [join(server, 'runtimes'), join(server, 'sandbox'), join(server, 'testing')];
    for (const file of appModules) {
      for (const target of targets(file, () => true)) {
        assert.ok(
          !outside.some((dir) => target.startsWith(`${dir}/`)),
          `${rel(file)}: ${rel(target)}`,
        );
      }
    }
  });

  it('imports nothing of Node, but in its one Node-only module', () => {
    for (const file of appModules) {
      for (const i of importsOf(sourceOf(file))) {
        if (i.typeOnly || i.specifier.startsWith('.')) continue;
        assert.ok(!isNodeOnly(i.specifier), `${rel(file)}: ${i.specifier}`);
        if (i.specifier === 'ioredis') assert.ok(NODE_ONLY_IN_APP.has(file), rel(file));
      }
    }
  });

  it('moves money through the upstream interface only: payments/ and routes/ import no upstream client', () => {
    const clients = [join(server, 'iamport'), join(server, 'portone')];
    const rules = appModules.filter(
      (f) => f.startsWith(join(app, 'payments/')) || f.startsWith(join(app, 'routes/')),
    );
    assert.ok(rules.length >= 20, `${rules.length} modules`);
    for (const file of rules) {
      for (const target of targets(file, () => true)) {
        assert.ok(
          !clients.some((dir) => target.startsWith(`${dir}/`)),
          `${rel(file)}: ${rel(target)}`,
        );
      }
    }
    // The interface knows neither implementation.
    for (const file of serverModules.filter((f) => f.startsWith(join(server, 'upstream/')))) {
      for (const target of targets(file, () => true)) {
        assert.ok(target.startsWith(join(server, 'upstream/')), `${rel(file)}: ${rel(target)}`);
      }
    }
  });

  it('computes a module name in one place only: node:crypto where there is one, else WebCrypto', () => {
    const computed = appModules.filter((file) => /\bimport\(\s*[^'"\s)]/.test(sourceOf(file)));
    assert.deepEqual(computed.map(rel), ['server/app/crypto/node-crypto.ts']);
  });

  for (const entry of [
    'app/index.ts',
    'runtimes/workers.ts',
    'runtimes/bun.ts',
    'runtimes/deno.ts',
  ]) {
    it(`loads no Node-only module, demo or OpenAPI builder with ${entry}`, () => {
      const loaded = [...loadedWith(join(server, entry))];
      assert.ok(loaded.includes(join(app, 'create-server.ts')));
      for (const file of loaded) {
        assert.ok(!NODE_ONLY_IN_APP.has(file), rel(file));
        assert.ok(!file.startsWith(join(app, 'demo/')), rel(file));
        assert.ok(!file.endsWith('openapi/build-openapi-document.ts'), rel(file));
        for (const i of importsOf(sourceOf(file))) {
          if (i.typeOnly || i.dynamic) continue;
          assert.ok(!isNodeOnly(i.specifier), `${rel(file)}: ${i.specifier}`);
          assert.notEqual(i.specifier, '@valibot/to-json-schema', rel(file));
        }
      }
    });
  }
});

describe('server/ imports', () => {
  const edges = new Map(serverModules.map((file) => [file, targets(file, () => true)]));

  it('form no cycle, counting type-only imports', () => {
    assert.deepEqual(cycles(edges), []);
  });

  it('find a cycle when there is one', () => {
    const a = join(app, 'server-options.ts');
    const b = join(app, 'widget/widget-files.ts');
    const looped = new Map(edges).set(b, [...(edges.get(b) ?? []), a]);
    assert.ok(edges.get(a)?.includes(b));
    // The same loop, whichever of its files the walk reached first.
    const found = cycles(looped).map((cycle) => [...new Set(cycle)].sort());
    assert.deepEqual(found, [[rel(a), rel(b)].sort()]);
  });
});

describe('what npm pack ships', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = new Set(
    (JSON.parse(packed.stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path),
  );
  const code = [...files].filter((f) => /\.(m?js|d\.ts)$/.test(f));
  const runtimeDependencies = new Set([
    ...Object.keys(manifest.dependencies),
    ...Object.keys(manifest.peerDependencies),
  ]);

  it('is the build: the widget, the server, their types', () => {
    assert.ok(files.has('dist/server/app/index.js'), 'npm run build first');
    assert.ok(files.has('dist/server/runtimes/node.js'));
    assert.ok(files.has('dist/widget-files.js'));
    assert.ok(code.length > 100);
  });

  it('holds no test support', () => {
    const support = [...files].filter((f) =>
      /\.test\.|\/testing\/|\/soak\/|test-helpers|mask-benchmark|schema-arbitrary/.test(f),
    );
    assert.deepEqual(support, []);
  });

  it('imports only its dependencies, Node’s modules and its own shipped files', () => {
    for (const file of code) {
      const source = readFileSync(join(root, file), 'utf8');
      for (const { specifier } of importsOf(source)) {
        if (specifier.startsWith('.')) {
          const target = relative(root, resolve(root, dirname(file), specifier));
          // Declarations keep the sources' `.ts` names; TypeScript reads them as the `.d.ts`.
          const shipped = [target, target.replace(/\.[jt]s$/, '.d.ts')];
          assert.ok(
            shipped.some((f) => files.has(f)),
            `${file}: ${specifier}`,
          );
        } else if (specifier === '#widget-files') {
          assert.ok(files.has('dist/widget-files.js'), file);
        } else if (!isNodeOnly(specifier)) {
          const name = packageOf(specifier);
          assert.ok(
            runtimeDependencies.has(name),
            `${file}: ${specifier} is ${name in manifest.devDependencies ? 'a devDependency' : 'not a dependency'}`,
          );
        }
      }
    }
  });
});
