// Isolated mode's shipped scripts: the page-side host (dist/imp-card.js, what a merchant page
// downloads before the frame) within its 4 KB budget and free of any form code; the frame's bridge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { BUDGET_GZIP_BYTES, HOST_BUDGET_GZIP_BYTES } from './size.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

async function buildScript(mode: 'host' | 'frame'): Promise<string> {
  const out = await build({
    root,
    configFile: `${root}/vite.isolated.config.ts`,
    mode,
    logLevel: 'silent',
    build: { write: false },
  });
  const chunk = ([out].flat() as Rollup.RollupOutput[])
    .flatMap((o) => o.output)
    .find((c): c is Rollup.OutputChunk => c.type === 'chunk');
  assert.ok(chunk, `the ${mode} build emits a script`);
  return chunk.code;
}

const gz = (code: string) => gzipSync(code, { level: 9 }).length;

describe('isolated mode scripts', async () => {
  const host = await buildScript('host');
  const frame = await buildScript('frame');

  it(`dist/imp-card.js (the page-side host) is at most ${HOST_BUDGET_GZIP_BYTES} B min+gzip`, () => {
    console.log(`dist/imp-card.js (host): ${host.length} B min, ${gz(host)} B min+gzip`);
    console.log(`dist/imp-card-frame.js (bridge): ${frame.length} B min, ${gz(frame)} B min+gzip`);
    assert.ok(
      gz(host) <= HOST_BUDGET_GZIP_BYTES,
      `${gz(host)} B is over ${HOST_BUDGET_GZIP_BYTES} B`,
    );
  });

  it('the host has no card field, mask or validation: the page never holds the form', () => {
    assert.doesNotMatch(host, /inputmode|cc-number|luhn|pwd_2digit/i);
    assert.match(host, /frame\?origin=/);
  });

  it('both are self-contained classic scripts without eval', () => {
    for (const code of [host, frame]) {
      assert.doesNotMatch(code, /^\s*import[\s{]/m);
      assert.doesNotMatch(code, /\beval\(|new Function\(/);
    }
  });

  it('the bridge alone is well within the widget budget (the frame also loads imp-card-inline.js)', () => {
    assert.ok(gz(frame) < BUDGET_GZIP_BYTES / 2);
  });
});
