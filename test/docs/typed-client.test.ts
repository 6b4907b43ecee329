// docs/api.md's typed merchant script: types generated from the OpenAPI document with
// openapi-typescript, the script type-checked with tsc against them and openapi-fetch, then run
// against a real server over HTTP. A misuse of the API must not type-check.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../server/app/openapi/build-openapi-document.ts';
import { API_KEY, createHarness, serveOnLoopback } from '../../server/testing/index.ts';

const root = resolve(import.meta.dirname, '../..');
const MARKER = '<!-- typed-merchant-script';

function scriptOfDocs(): string {
  const text = readFileSync(join(root, 'docs/api.md'), 'utf8');
  const at = text.indexOf(MARKER);
  assert.ok(at >= 0, 'docs/api.md has the typed merchant script');
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, 'a ts block follows the marker');
  return block[1]!;
}

function typecheck(dir: string, ...files: string[]) {
  return spawnSync(
    join(root, 'node_modules/.bin/tsc'),
    [
      '--ignoreConfig',
      // Plain "file(line,col)" diagnostics, whatever FORCE_COLOR or the terminal says.
      '--pretty',
      'false',
      '--noEmit',
      '--strict',
      '--target',
      'es2022',
      '--module',
      'esnext',
      '--moduleResolution',
      'bundler',
      '--allowImportingTsExtensions',
      '--skipLibCheck',
      '--types',
      'node',
      ...files.map((f) => join(dir, f)),
    ],
    { cwd: dir, encoding: 'utf8' },
  );
}

describe('docs/api.md typed merchant script', () => {
  let dir = '';
  before(async () => {
    // Inside the repository, so the script resolves openapi-fetch from node_modules.
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
    dir = mkdtempSync(join(root, 'node_modules/.cache/impcard-typed-client-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const ast = await openapiTS(buildOpenApiDocument() as never);
    writeFileSync(join(dir, 'impcard-api.ts'), astToString(ast));
    writeFileSync(join(dir, 'merchant.ts'), scriptOfDocs());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('type-checks against the types generated from the OpenAPI document', () => {
    const run = typecheck(dir, 'merchant.ts');
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it('refuses misuses: a wrong mode, a string amount, an optional field read as required', () => {
    const misuses = [
      "await impcard.POST('/v1/tokens', { body: { customer_uid: 'c', mode: 'billing' } });",
      "await impcard.POST('/v1/charges', { body: { customer_uid: 'c', merchant_uid: 'o', amount: '9900', name: 'n' } });",
      "const r = await impcard.POST('/v1/tokens', { body: { customer_uid: 'c', mode: 'billing_key' } }); const s: string = r.data!.merchant_uid;",
      "const r = await impcard.GET('/v1/payments/{merchant_uid}', { params: { path: { merchant_uid: 'o' } } }); const s: 'paid' = r.data!.payment.status;",
    ];
    const head = scriptOfDocs().split('\n').slice(0, 10).join('\n');
    // One tsc run for all of them; each must fail on its own line (11).
    const files = misuses.map((line, i) => {
      writeFileSync(join(dir, `misuse-${i}.ts`), `${head}\n${line}\n`);
      return `misuse-${i}.ts`;
    });
    const run = typecheck(dir, ...files);
    assert.notEqual(run.status, 0);
    files.forEach((file, i) => {
      assert.match(
        run.stdout,
        new RegExp(`${file.replace('.', '\\.')}\\(11,`),
        `misuse ${i} type-checked: ${misuses[i]}`,
      );
    });
  });

  it('runs against a real server over HTTP', async () => {
    const server = await serveOnLoopback(createHarness().app.fetch);
    try {
      // Not spawnSync: the server answers from this very event loop.
      const run = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(dir, 'merchant.ts')],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, IMPCARD_URL: server.url, IMPCARD_API_KEY: API_KEY },
        },
      );
      assert.match(run.stdout, /^token \(\d+ chars\) until 20\d\d-/m);
      // No billing key is stored for cust_1042 yet: i'mport refuses, a typed 402 PG_ERROR.
      assert.match(run.stdout, /^charge refused: 402 PG_ERROR/m);
      assert.match(run.stdout, /^order \S+: NOT_FOUND$/m);
    } finally {
      await server.close();
    }
  });
});
