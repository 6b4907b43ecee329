// The widget's shipping checks: the script-tag bundle's size budget, what it may not contain
// (eval, dev-mode Lit), and the custom-elements.json generated from the component's JSDoc.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { BUDGET_GZIP_BYTES } from './size.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

async function buildBundle(): Promise<string> {
  const out = await build({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'silent',
    build: { write: false },
  });
  const outputs = [out].flat() as Rollup.RollupOutput[];
  const chunk = outputs
    .flatMap((o) => o.output)
    .find(
      (c): c is Rollup.OutputChunk => c.fileName === 'imp-card-inline.js' && c.type === 'chunk',
    );
  assert.ok(chunk, 'the build emits dist/imp-card-inline.js');
  return chunk.code;
}

describe('dist/imp-card.js', async () => {
  const code = await buildBundle();

  it(`is at most ${BUDGET_GZIP_BYTES} bytes min+gzip, everything included`, () => {
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(`dist/imp-card.js: ${code.length} B min, ${gzip} B min+gzip`);
    assert.ok(
      gzip <= BUDGET_GZIP_BYTES,
      `${gzip} B gzipped is over the ${BUDGET_GZIP_BYTES} B budget`,
    );
  });

  it('is a self-contained classic script: no imports, no eval, production Lit', () => {
    assert.doesNotMatch(code, /^\s*import[\s{]/m);
    assert.doesNotMatch(code, /\beval\(|new Function\(/);
    assert.doesNotMatch(code, /Lit is in dev mode/);
    assert.match(code, /^var ImpCard=\(function/);
  });

  it('is ASCII-only, so a page or host serving it without a UTF-8 charset cannot garble Korean', () => {
    const bytes = Buffer.from(code, 'utf8');
    const at = bytes.findIndex((b) => b > 0x7f);
    assert.equal(at, -1, `non-ASCII byte at ${at}: ${code.slice(Math.max(0, at - 40), at + 10)}`);
    assert.match(code, /\\uCE74\\uB4DC\\uBC88\\uD638|\\uce74\\ub4dc\\ubc88\\ud638/); // 카드번호, escaped
  });

  it('carries the component styles minified and no inline style attributes', () => {
    assert.match(code, /:host\{display:block;color-scheme:light;/);
    assert.doesNotMatch(code, /style="/);
  });
});

describe('custom-elements.json', () => {
  it('describes the element from its JSDoc: attributes, events, parts, CSS properties, slots', () => {
    const outdir = 'test/.artifacts/cem-test';
    rmSync(`${root}/${outdir}`, { recursive: true, force: true });
    execFileSync(`${root}/node_modules/.bin/cem`, ['analyze', '--outdir', outdir], {
      cwd: root,
      stdio: 'ignore',
    });
    const manifest = JSON.parse(readFileSync(`${root}/${outdir}/custom-elements.json`, 'utf8')) as {
      modules: Array<{
        declarations?: Array<{
          tagName?: string;
          attributes?: Array<{ name: string }>;
          events?: Array<{ name: string }>;
          cssParts?: Array<{ name: string }>;
          cssProperties?: Array<{ name: string }>;
          slots?: Array<{ name: string }>;
          members?: Array<{ name: string; kind: string }>;
        }>;
      }>;
    };
    const el = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'imp-card-form');
    assert.ok(el, 'imp-card-form is declared');
    const names = (list?: Array<{ name: string }>): string[] => (list ?? []).map((x) => x.name);
    assert.deepEqual(names(el.attributes).sort(), [
      'birth-label',
      'card-number-label',
      'corporate',
      'endpoint',
      'expiry-label',
      'lang',
      'password-label',
      'theme',
      'timeout',
      'token',
    ]);
    assert.deepEqual(names(el.events).sort(), [
      'imp-card-change',
      'imp-card-failure',
      'imp-card-submit',
      'imp-card-success',
    ]);
    for (const part of ['form', 'field', 'label', 'input', 'error', 'brand', 'submit', 'status']) {
      assert.ok(names(el.cssParts).includes(part), `part ${part}`);
    }
    assert.ok(names(el.cssProperties).every((p) => p.startsWith('--imp-card-')));
    assert.ok(names(el.cssProperties).length >= 10);
    assert.deepEqual(names(el.slots).sort(), ['footer', 'header', 'submit-label']);
    const methods = (el.members ?? []).filter((m) => m.kind === 'method').map((m) => m.name);
    for (const m of ['submit', 'reset', 'focus']) assert.ok(methods.includes(m), `method ${m}`);
  });
});
