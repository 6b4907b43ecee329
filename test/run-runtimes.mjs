// `npm run test:runtimes`: the same HTTP contract suite (test/runtimes/contract-suite.mjs) against
// the same app on Node, Bun, Deno and workerd, each with the server on i'mport V1 and on PortOne V2
// (the sandbox answering either), then a table runtime × version × passed/failed. Bun, Deno and
// workerd (miniflare) come from devDependencies: nothing is downloaded here.
// `node test/run-runtimes.mjs bun deno` runs a subset; `v1` or `v2` among the words, one version.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { root } from './find-tests.mjs';
import { contractCases } from './runtimes/contract-suite.mjs';
import { twoIsolateCases } from './runtimes/isolates-suite.mjs';
import { denoDropCases } from './runtimes/deno-drop-suite.mjs';

const CONTRACT = { apiKey: 'contract-api-key-0123456789', origin: 'https://shop.example' };
const bin = (name) => join(root, 'node_modules/.bin', name);

/** Starts an entry in a child process and resolves with its URL once it prints one. */
async function startProcess(cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const started = Date.now();
  while (!/listening on (http:\/\/\S+)/.test(output)) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`${cmd} did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: /listening on (http:\/\/\S+)/.exec(output)[1],
    startupMs: Date.now() - started,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'close');
      }
    },
  };
}

async function bundleWorker() {
  const outdir = join(root, 'test/.artifacts/runtimes');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'worker.mjs');
  await build({
    entryPoints: [join(root, 'test/runtimes/workers-entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    target: 'es2022',
    // The in-process sandbox (test only) uses node:crypto; the server itself needs no Node API.
    external: ['node:*'],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Miniflare with two Workers (two isolates) sharing one Durable Object namespace. */
async function startWorkerd(scriptPath, storeKind = 'durable-object', upstream = 'iamport') {
  const worker = (name) => ({
    name,
    // The bundle listed as it is, as wrangler uploads it: miniflare's own import scan refuses the
    // i'mport client's `import(specifier)` of undici (Node only; on Workers it fails and ky is used).
    modules: [{ type: 'ESModule', path: scriptPath }],
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings: { STORE_KIND: storeKind, CONTRACT_UPSTREAM: upstream },
    durableObjects: {
      IMPCARD_STORE: { className: 'ImpcardStoreObject', scriptName: 'isolate-a' },
    },
  });
  const started = Date.now();
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [worker('isolate-a'), worker('isolate-b')],
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return { mf, url, startupMs: Date.now() - started, stop: () => mf.dispose() };
}

async function runCases(cases) {
  const results = [];
  for (const c of cases) {
    try {
      await c.run();
      results.push({ name: c.name, ok: true });
    } catch (error) {
      results.push({ name: c.name, ok: false, error });
    }
  }
  return results;
}

/**
 * The contract suite, after a case that holds the configuration to its word: only a server on V2
 * has `POST /v1/webhooks/portone` (401 for an unsigned message; 404 on V1).
 */
function casesFor(url, upstream) {
  const want = upstream === 'portone' ? 401 : 404;
  const onVersion = {
    name: `the server is on ${upstream === 'portone' ? 'PortOne V2' : "i'mport V1"}`,
    async run() {
      const res = await fetch(`${url}/v1/webhooks/portone`, { method: 'POST', body: '{}' });
      await res.body?.cancel();
      if (res.status !== want) {
        throw new Error(`POST /v1/webhooks/portone answered ${res.status}, not ${want}`);
      }
    },
  };
  return [onVersion, ...contractCases(url, CONTRACT)];
}

// Each runs the contract suite with the server on `upstream` (`iamport` or `portone`); the suites
// of one runtime's own mechanics (Deno's dropped connections, workerd's two isolates) run on V1.
const runtimes = {
  node: async (upstream) => {
    const p = await startProcess(
      process.execPath,
      ['--import', 'tsx', 'test/runtimes/node-entry.ts'],
      { CONTRACT_UPSTREAM: upstream },
    );
    try {
      return { startupMs: p.startupMs, results: await runCases(casesFor(p.url, upstream)) };
    } finally {
      await p.stop();
    }
  },
  bun: async (upstream) => {
    const p = await startProcess(bin('bun'), ['test/runtimes/bun-entry.ts'], {
      CONTRACT_UPSTREAM: upstream,
    });
    try {
      return { startupMs: p.startupMs, results: await runCases(casesFor(p.url, upstream)) };
    } finally {
      await p.stop();
    }
  },
  deno: async (upstream) => {
    const p = await startProcess(bin('deno'), ['run', '-A', 'test/runtimes/deno-entry.ts'], {
      CONTRACT_UPSTREAM: upstream,
    });
    try {
      const results = await runCases(casesFor(p.url, upstream));
      if (upstream === 'iamport') {
        const sandbox = () =>
          startProcess(bin('deno'), ['run', '-A', 'server/sandbox/main.ts'], {
            SANDBOX_PORT: '0',
          });
        results.push(...(await runCases(denoDropCases(sandbox))));
      }
      return { startupMs: p.startupMs, results };
    } finally {
      await p.stop();
    }
  },
  workerd: async (upstream) => {
    const script = await bundleWorker();
    const w = await startWorkerd(script, 'durable-object', upstream);
    try {
      const results = await runCases(casesFor(w.url, upstream));
      if (upstream === 'iamport') {
        results.push(...(await runCases(twoIsolateCases(w.mf, CONTRACT, 'durable-object'))));
        const control = await startWorkerd(script, 'memory');
        try {
          results.push(...(await runCases(twoIsolateCases(control.mf, CONTRACT, 'memory'))));
        } finally {
          await control.stop();
        }
      }
      return { startupMs: w.startupMs, results };
    } finally {
      await w.stop();
    }
  },
};

const VERSIONS = { v1: 'iamport', v2: 'portone' };
const words = process.argv.slice(2);
const namedRuntimes = words.filter((w) => w in runtimes);
const namedVersions = words.filter((w) => w in VERSIONS);
const wanted = namedRuntimes.length ? namedRuntimes : Object.keys(runtimes);
const versions = namedVersions.length ? namedVersions : Object.keys(VERSIONS);
const table = [];
for (const name of wanted) {
  for (const version of versions) {
    console.log(`\n━━ ${name} ${version} ━━`);
    let outcome;
    try {
      outcome = await runtimes[name](VERSIONS[version]);
    } catch (error) {
      outcome = { startupMs: NaN, results: [{ name: 'start', ok: false, error }] };
    }
    for (const r of outcome.results) {
      console.log(`  ${r.ok ? '✔' : '✖'} ${r.name}`);
      if (!r.ok)
        console.log(
          `    ${String(r.error?.stack ?? r.error)
            .split('\n')
            .slice(0, 6)
            .join('\n    ')}`,
        );
    }
    table.push({
      name: `${name} ${version}`,
      passed: outcome.results.filter((r) => r.ok).length,
      failed: outcome.results.filter((r) => !r.ok).length,
      startupMs: outcome.startupMs,
    });
  }
}

console.log('\n━━ runtimes ━━');
// Start-up here is spawn → "listening" of the contract app (workerd: miniflare ready), for
// orientation only; `npm run measure:runtimes` measures the real server.
console.log(
  `${'runtime'.padEnd(12)} ${'passed'.padStart(6)} ${'failed'.padStart(6)} ${'start-up'.padStart(9)}`,
);
for (const row of table) {
  const startup = Number.isFinite(row.startupMs) ? `${(row.startupMs / 1000).toFixed(2)} s` : '-';
  console.log(
    `${row.name.padEnd(12)} ${String(row.passed).padStart(6)} ${String(row.failed).padStart(6)} ${startup.padStart(9)}`,
  );
}
const passed = table.reduce((n, r) => n + r.passed, 0);
const failed = table.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
