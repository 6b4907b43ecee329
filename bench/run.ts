// `npm run bench`: impcard against a seed-style integration through a slow loopback upstream (and
// beside a bare one-hop forwarder, the floor of any server on that path), refusals against bare
// Hono making the same refusal, memory across many registrations, the widget, and the time to an
// interactive isolated form. The load generator (autocannon) runs in its own process with every
// body made before each run, and its ceiling against a null server is printed beside each ratio.
// Prints Markdown tables and writes bench/results/latest.json. Timings are never asserted.
// About 6 minutes on an idle 2-core machine.
//
// Flags: --quick (short runs, for trying the harness), --only=server,rejection,transport,memory,
// widget,form (default: all six), --c=64 (the server part at those concurrencies only),
// --only=profile (a V8 CPU profile of impcard at c=64, or --profile-c=N, summarised; with
// --profile-rejection=json|luhn|token|limited of a refusal instead),
// --memory=N registrations for the memory run (default 100000), --memory-cap-s=S its time cap,
// --variants=name:dir,name:dir (impcard's server code from other checkouts, side by side at c=1
// and c=64: before/after figures of one change; `git worktree add` makes such a checkout).
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startChild, type BenchChild } from './child-process.ts';
import { load, sequentialP50, stopGenerator, type LoadResult } from './load.ts';
import { summariseProfile } from './profile-summary.ts';
import { VALID_CARD, redisMissing, startRedis, uid } from '../server/testing/index.ts';
import { BENCH_TOKEN_SECRET, mintToken } from './tokens.ts';
import { REFUSALS } from './refusals.ts';
import { measureTransports, printTransports, type TransportRow } from './transport.ts';
import { measureWidget, printWidget, type WidgetReport } from './widget.ts';
import {
  chromiumEngine,
  measureFormReady,
  printFormReady,
  type FormReadyRow,
} from './form-ready.ts';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from '../server/sandbox/index.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = new Set(onlyArg ? onlyArg.slice('--only='.length).split(',') : []);
const wants = (part: string) => (only.size === 0 && part !== 'profile') || only.has(part);

const LATENCIES = [20, 50];
// --c=64 (or --c=1,64) runs only those concurrencies of the server part.
const CONCURRENCY = args
  .find((a) => a.startsWith('--c='))
  ?.slice('--c='.length)
  .split(',')
  .map(Number) ?? [1, 16, 64, 128];
const RUN_S = quick ? 2 : 4;
const WARMUP_S = quick ? 1 : 2;
const REJECT_S = 2;
/** Rejection runs alternate impcard and bare Hono this many times; the median round is reported. */
const REJECT_ROUNDS = quick ? 1 : 3;
const numberArg = (name: string) => {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return raw === undefined ? undefined : Number(raw);
};
/**
 * --impcard-root=dir: impcard's server code from another checkout in the server and refusal parts
 * (a before/after of a change, each run under the same harness: `git archive <commit> server
 * widget package.json | tar -x -C dir`, then node_modules and dist/widget-files.js beside it).
 */
const impcardRootArg = args.find((a) => a.startsWith('--impcard-root='))?.split('=')[1];
const IMPCARD_ROOT = impcardRootArg ? { BENCH_IMPCARD_ROOT: impcardRootArg } : {};
const MEMORY_REGISTRATIONS = numberArg('memory') ?? (quick ? 10_000 : 100_000);
/** The memory run stops after this many seconds even short of its target (slow machines). */
const MEMORY_CAP_S = numberArg('memory-cap-s') ?? (quick ? 20 : 30);

/** Prepared bodies: a registration's token is single-use, so there is one per request. */
type Bodies = (count: number) => string[];
const times = (count: number, make: () => string) => Array.from({ length: count }, make);
const impcardBodies: Bodies = (count) =>
  times(count, () => JSON.stringify({ token: mintToken(uid('bench')), ...VALID_CARD }));
const seedBodies: Bodies = (count) =>
  times(count, () => JSON.stringify({ customer_uid: uid('bench'), ...VALID_CARD }));
/** Enough bodies for a run: every connection answered each `latencyMs`, with room to spare. */
const bodiesFor = (connections: number, latencyMs: number, durationS: number) =>
  Math.min(60_000, Math.ceil(connections * (1000 / Math.max(5, latencyMs)) * durationS * 1.2) + 64);

interface Contestant {
  name: 'impcard' | 'seed-style' | 'one-hop';
  child: BenchChild;
  path: string;
  bodies: Bodies;
}

interface SideRun extends LoadResult {
  upstreamPerRegistration: number;
  cpuMsPerRegistration: number;
  /** The proxy + sandbox process, to see when the upstream rather than the server is the limit. */
  upstreamCpuMsPerRegistration: number;
}

interface SideBySideRow {
  latencyMs: number;
  concurrency: number;
  impcard: SideRun;
  seed: SideRun;
  /** The bare forwarder (bench/servers/one-hop.ts): what any server between widget and i'mport costs. */
  floor: SideRun;
  ratio: number;
  /** At c=1: p50s to 0.01 ms of requests one after another (see {@link c1Latency}). */
  c1?: C1Latency;
  /** The generator's rate against the null server at this concurrency. */
  ceiling: number;
  /** The machine's 1-minute load average at the end of the row: other work skews every figure. */
  loadAverage: number;
}

/** p50s at c=1, each from requests sent one after another, in ms. */
interface C1Latency {
  /** One billing-key issue sent straight to the upstream: the floor of a registration. */
  direct: number;
  oneHop: number;
  impcard: number;
  seed: number;
}

/**
 * p50 at c=1 of a registration through each contestant, and of the billing-key issue alone sent
 * straight to the upstream, to 0.01 ms.
 */
async function c1Latency(
  upstream: BenchChild,
  contestants: { impcard: Contestant; seed: Contestant; floor: Contestant },
): Promise<C1Latency> {
  const answer = (await (
    await fetch(`${upstream.url}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_key: DEFAULT_IMP_KEY, imp_secret: DEFAULT_IMP_SECRET }),
    })
  ).json()) as { response: { access_token: string } };
  const durationS = Math.max(2, RUN_S - 2);
  const direct = await sequentialP50({
    url: upstream.url,
    path: '/subscribe/customers/x',
    headers: { authorization: answer.response.access_token },
    connections: 1,
    durationS,
    bodies: [JSON.stringify(VALID_CARD)],
    paths: times(bodiesFor(1, 1, durationS), () => `/subscribe/customers/${uid('bench')}`),
  });
  const p50 = (c: Contestant) =>
    sequentialP50({
      url: c.child.url,
      path: c.path,
      connections: 1,
      durationS,
      bodies: c.bodies(bodiesFor(1, 1, durationS)),
    });
  return {
    direct,
    oneHop: await p50(contestants.floor),
    impcard: await p50(contestants.impcard),
    seed: await p50(contestants.seed),
  };
}

async function measured(
  contestant: Contestant,
  upstream: BenchChild,
  connections: number,
  durationS: number,
  latencyMs: number,
): Promise<SideRun> {
  const bodies = contestant.bodies(bodiesFor(connections, latencyMs, durationS));
  upstream.tell({ type: 'reset' });
  const before = await contestant.child.stats();
  const upstreamBefore = await upstream.stats();
  const result = await load({
    url: contestant.child.url,
    path: contestant.path,
    connections,
    durationS,
    bodies,
  });
  const after = await contestant.child.stats();
  const { counts, cpuUs: upstreamCpuUs } = await upstream.stats();
  // Calls per billing-key issue (the call every registration makes once): in-flight requests at
  // the end of a run are counted on both sides of the ratio.
  const calls = Object.values(counts).reduce((a, b) => a + b, 0);
  const issues = counts['POST /subscribe/customers/*'] ?? 0;
  const done = Math.max(1, result.ok);
  return {
    ...result,
    upstreamPerRegistration: calls / Math.max(1, issues),
    cpuMsPerRegistration: (after.cpuUs - before.cpuUs) / 1000 / done,
    upstreamCpuMsPerRegistration: (upstreamCpuUs - upstreamBefore.cpuUs) / 1000 / done,
  };
}

async function sideBySide(upstream: BenchChild): Promise<SideBySideRow[]> {
  const env = { BENCH_UPSTREAM_URL: upstream.url, BENCH_TOKEN_SECRET, ...IMPCARD_ROOT };
  const impcard: Contestant = {
    name: 'impcard',
    child: await startChild('impcard', env),
    path: '/v1/registrations',
    bodies: impcardBodies,
  };
  const seed: Contestant = {
    name: 'seed-style',
    child: await startChild('seed-style', env),
    path: '/billings',
    bodies: seedBodies,
  };
  const floor: Contestant = {
    name: 'one-hop',
    child: await startChild('one-hop', env),
    path: '/billings',
    bodies: seedBodies,
  };
  const nul = await startChild('null-server', {});
  const rows: SideBySideRow[] = [];
  try {
    // The generator's ceiling at each concurrency, with registration bodies: the most any of the
    // three could be measured at.
    const ceilings = new Map<number, number>();
    for (const concurrency of CONCURRENCY) {
      const run = await load({
        url: nul.url,
        path: '/v1/registrations',
        connections: concurrency,
        durationS: 1,
        bodies: impcardBodies(REFUSAL_BODIES),
      });
      ceilings.set(concurrency, run.answered / run.durationS);
    }
    for (const latencyMs of LATENCIES) {
      upstream.tell({ type: 'latency', ms: latencyMs });
      for (const c of [impcard, seed, floor]) await measured(c, upstream, 16, WARMUP_S, latencyMs);
      for (const concurrency of CONCURRENCY) {
        const a = await measured(impcard, upstream, concurrency, RUN_S, latencyMs);
        const b = await measured(seed, upstream, concurrency, RUN_S, latencyMs);
        const hop = await measured(floor, upstream, concurrency, RUN_S, latencyMs);
        const row: SideBySideRow = {
          latencyMs,
          concurrency,
          impcard: a,
          seed: b,
          floor: hop,
          ratio: a.rps / b.rps,
          ceiling: ceilings.get(concurrency)!,
          loadAverage: loadavg()[0]!,
        };
        if (concurrency === 1) row.c1 = await c1Latency(upstream, { impcard, seed, floor });
        rows.push(row);
        process.stderr.write(
          `  ${latencyMs} ms c=${concurrency}: impcard ${a.rps.toFixed(0)} rps ` +
            `(${a.cpuMsPerRegistration.toFixed(2)} ms CPU, upstream ${a.upstreamCpuMsPerRegistration.toFixed(2)}), ` +
            `seed-style ${b.rps.toFixed(0)} rps (${b.cpuMsPerRegistration.toFixed(2)} ms CPU, upstream ${b.upstreamCpuMsPerRegistration.toFixed(2)}), ` +
            `one-hop ${hop.rps.toFixed(0)} rps (${hop.cpuMsPerRegistration.toFixed(2)} ms CPU)\n`,
        );
      }
    }
  } finally {
    await impcard.child.stop();
    await seed.child.stop();
    await floor.child.stop();
    await nul.stop();
  }
  return rows;
}

interface RejectionRun {
  /** Answers per second (every answer is a refusal). */
  rps: number;
  cpuUsPerRequest: number;
  /** The generator's CPU over the run's wall time: near 100%, the generator was the limit. */
  generatorBusy: number;
  statusCodes: Record<string, number>;
}

interface RejectionRow {
  kind: string;
  /** The round with the median CPU ratio. */
  impcard: RejectionRun;
  bare: RejectionRun;
  /** The generator against the null server, in the same round: the most it can measure. */
  ceiling: RejectionRun;
  /** impcard's rate over bare Hono's, where the ceiling is at least twice the faster of them. */
  ratio: number | undefined;
  /** Bare Hono's CPU per refusal over impcard's: the same ratio from CPU time, ceiling or not. */
  cpuRatio: number;
  /** Every round's CPU ratio, lowest first: how far one run can move on a shared machine. */
  cpuRatios: number[];
  /** The 1-minute load average after the last round. */
  loadAverage: number;
}

const REFUSAL_CONNECTIONS = 64;
/** Refusals are stateless: a set this size, built once by the generator, is sent in turn. */
const REFUSAL_BODIES = 64;
async function rejectionRun(
  child: BenchChild,
  path: string,
  bodies: string[],
): Promise<RejectionRun> {
  const before = await child.stats();
  const result = await load({
    url: child.url,
    path,
    connections: REFUSAL_CONNECTIONS,
    durationS: REJECT_S,
    bodies,
  });
  const after = await child.stats();
  return {
    rps: result.answered / result.durationS,
    cpuUsPerRequest: (after.cpuUs - before.cpuUs) / Math.max(1, result.answered),
    generatorBusy: result.generatorCpuUs / 1e6 / result.durationS,
    statusCodes: result.statusCodes,
  };
}

/** A rate ratio is only worth printing when the generator could have gone twice as fast. */
export function ratioWithinCeiling(a: number, b: number, ceiling: number): number | undefined {
  return ceiling >= 2 * Math.max(a, b) ? a / b : undefined;
}

async function rejection(upstream: BenchChild): Promise<RejectionRow[]> {
  const env = { BENCH_UPSTREAM_URL: upstream.url, BENCH_TOKEN_SECRET, ...IMPCARD_ROOT };
  const impcard = await startChild('impcard', env);
  const limited = await startChild('impcard', { ...env, BENCH_RATE_LIMIT_IP: '30/60' });
  const bare = await startChild('bare-hono', { BENCH_TOKEN_SECRET });
  const nul = await startChild('null-server', {});
  const rows: RejectionRow[] = [];
  try {
    const warm = REFUSALS[1]!.bodies(REFUSAL_BODIES);
    for (const child of [nul, impcard, bare]) await rejectionRun(child, '/v1/registrations', warm);
    await rejectionRun(limited, '/v1/registrations', warm);
    for (const refusal of REFUSALS) {
      const bodies = refusal.bodies(REFUSAL_BODIES);
      const path = refusal.limited ? '/limited/v1/registrations' : '/v1/registrations';
      // Short runs in turns rather than one long run each: a burst of other work on the machine
      // then skews one round, not the whole comparison.
      const rounds: Omit<RejectionRow, 'kind' | 'cpuRatios' | 'loadAverage'>[] = [];
      for (let round = 0; round < REJECT_ROUNDS; round++) {
        const ceiling = await rejectionRun(nul, '/v1/registrations', bodies);
        const a = await rejectionRun(
          refusal.limited ? limited : impcard,
          '/v1/registrations',
          bodies,
        );
        const b = await rejectionRun(bare, path, bodies);
        rounds.push({
          impcard: a,
          bare: b,
          ceiling,
          ratio: ratioWithinCeiling(a.rps, b.rps, ceiling.rps),
          cpuRatio: b.cpuUsPerRequest / a.cpuUsPerRequest,
        });
        process.stderr.write(
          `  ${refusal.kind}: impcard ${a.rps.toFixed(0)}/s ${a.cpuUsPerRequest.toFixed(0)} µs, ` +
            `bare Hono ${b.rps.toFixed(0)}/s ${b.cpuUsPerRequest.toFixed(0)} µs, ` +
            `generator ceiling ${ceiling.rps.toFixed(0)}/s (load ${loadavg()[0]!.toFixed(1)})\n`,
        );
      }
      rounds.sort((x, y) => x.cpuRatio - y.cpuRatio);
      const median = rounds[rounds.length >> 1]!;
      rows.push({
        kind: refusal.kind,
        ...median,
        cpuRatios: rounds.map((r) => r.cpuRatio),
        loadAverage: loadavg()[0]!,
      });
    }
  } finally {
    for (const child of [impcard, limited, bare, nul]) await child.stop();
  }
  return rows;
}

interface MemoryReport {
  /** Where the server keeps its state: Redis (nothing per registration in the process) or memory. */
  store: 'redis' | 'memory';
  target: number;
  registrations: number;
  ok: number;
  /** RSS and heap after a forced GC: after the warm-up, then after each chunk. */
  samples: { registrations: number; rssMb: number; heapMb: number }[];
  rssChangePercent: number;
  rps: number;
}

async function memory(
  upstream: BenchChild,
  target: number,
  redisUrl: string | undefined,
): Promise<MemoryReport> {
  upstream.tell({ type: 'latency', ms: 0 });
  const impcard = await startChild('impcard', {
    BENCH_UPSTREAM_URL: upstream.url,
    BENCH_TOKEN_SECRET,
    ...(redisUrl ? { BENCH_REDIS_URL: redisUrl } : {}),
  });
  const mb = (n: number) => n / 2 ** 20;
  try {
    const run = (amount: number) =>
      load({
        url: impcard.url,
        path: '/v1/registrations',
        connections: 64,
        amount,
        bodies: impcardBodies(amount),
      });
    await run(2_000); // warm: JIT, connection pools, the store's first buckets
    const first = await impcard.stats({ gc: true });
    const samples = [{ registrations: 0, rssMb: mb(first.rss), heapMb: mb(first.heapUsed) }];
    const chunk = Math.min(10_000, target);
    const started = performance.now();
    let registrations = 0;
    let ok = 0;
    // Chunks, so the RSS curve shows, and a time cap, so a slow machine still finishes the bench.
    while (registrations < target) {
      const result = await run(chunk);
      registrations += chunk;
      ok += result.ok;
      const stats = await impcard.stats({ gc: true });
      samples.push({ registrations, rssMb: mb(stats.rss), heapMb: mb(stats.heapUsed) });
      if (performance.now() - started > MEMORY_CAP_S * 1000) break;
    }
    const last = samples.at(-1)!;
    return {
      store: redisUrl ? 'redis' : 'memory',
      target,
      registrations,
      ok,
      samples,
      rssChangePercent: ((last.rssMb - first.rss / 2 ** 20) / mb(first.rss)) * 100,
      rps: ok / ((performance.now() - started) / 1000),
    };
  } finally {
    await impcard.stop();
  }
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function printSideBySide(rows: SideBySideRow[]): void {
  console.log(
    '\n### Registrations: impcard vs seed-style (billing key, upstream through the proxy)\n',
  );
  console.log(
    '| upstream | c | impcard rps | p50 / p99 ms | upstream calls/reg | CPU ms/reg | seed-style rps | p50 / p99 ms | upstream calls/reg | CPU ms/reg | ratio | generator ceiling /s | load average |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const cell = (s: SideRun) =>
      `${f0(s.rps)}${s.non2xx + s.errors ? ` (${s.non2xx + s.errors} failed)` : ''} | ${f0(s.p50)} / ${f0(s.p99)} | ${f2(s.upstreamPerRegistration)} | ${f2(s.cpuMsPerRegistration)}`;
    console.log(
      `| ${r.latencyMs} ms | ${r.concurrency} | ${cell(r.impcard)} | ${cell(r.seed)} | ${ratioWithinCeiling(r.impcard.rps, r.seed.rps, r.ceiling) === undefined ? 'not measurable' : `${f2(r.ratio)}×`} | ${f0(r.ceiling)} | ${f1(r.loadAverage)} |`,
    );
  }
  console.log(
    "\n### impcard's own work: impcard beside the one-hop floor (a bare Hono forwarder over the same undici Pool)\n",
  );
  console.log(
    "| upstream | c | impcard CPU ms/reg | one-hop CPU ms/reg | impcard's own CPU ms/reg | impcard / one-hop CPU (target ≤ 2× at c=64) | impcard rps | one-hop rps | impcard p50 ms | one-hop p50 ms | load average |",
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const own = r.impcard.cpuMsPerRegistration - r.floor.cpuMsPerRegistration;
    const times = r.impcard.cpuMsPerRegistration / r.floor.cpuMsPerRegistration;
    console.log(
      `| ${r.latencyMs} ms | ${r.concurrency} | ${f2(r.impcard.cpuMsPerRegistration)} | ${f2(r.floor.cpuMsPerRegistration)} | ${f2(own)} | ${f2(times)}× | ${f0(r.impcard.rps)} | ${f0(r.floor.rps)} | ${f0(r.impcard.p50)} | ${f0(r.floor.p50)} | ${f1(r.loadAverage)} |`,
    );
  }
  for (const r of rows) {
    if (!r.c1) continue;
    const { direct, oneHop, impcard, seed } = r.c1;
    const plus = (n: number) => `${n >= direct ? '+' : ''}${(n - direct).toFixed(1)}`;
    console.log(
      `\nAt ${r.latencyMs} ms, c=1, p50 of requests one after another: one billing-key issue sent straight to the upstream ${f1(direct)} ms; through the one-hop floor ${f1(oneHop)} ms (${plus(oneHop)}); through impcard ${f1(impcard)} ms (${plus(impcard)}); through the seed-style code ${f1(seed)} ms (${plus(seed)}).`,
    );
  }
}

function printRejection(rows: RejectionRow[]): void {
  console.log(
    `\n### Refusals (c=${REFUSAL_CONNECTIONS}): impcard vs bare Hono making the same refusal (${REJECT_ROUNDS} rounds of ${REJECT_S} s in turns, each after the generator's ceiling against a null server; the median round by CPU)\n`,
  );
  console.log(
    "| refusal | impcard /s | CPU µs/req | bare Hono /s | CPU µs/req | generator ceiling /s (its CPU) | rate ratio (target ≥ 0.5×) | CPU ratio (bare/impcard) | every round's CPU ratio | statuses | load average |",
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const x = (n: number) => `${f2(n)}×`;
  for (const r of rows) {
    const rate =
      r.ratio === undefined
        ? `not measurable (ceiling < 2 × ${f0(Math.max(r.impcard.rps, r.bare.rps))}/s)`
        : x(r.ratio);
    console.log(
      `| ${r.kind} | ${f0(r.impcard.rps)} | ${f0(r.impcard.cpuUsPerRequest)} | ${f0(r.bare.rps)} | ${f0(r.bare.cpuUsPerRequest)} | ${f0(r.ceiling.rps)} (${f0(r.ceiling.generatorBusy * 100)}%) | ${rate} | ${x(r.cpuRatio)} | ${r.cpuRatios.map(x).join(', ')} | ${JSON.stringify(r.impcard.statusCodes)} / ${JSON.stringify(r.bare.statusCodes)} | ${f1(r.loadAverage)} |`,
    );
  }
}

function printMemory(m: MemoryReport): void {
  console.log(
    `\n### Memory across ${m.registrations} registrations, ${m.store} store${m.registrations < m.target ? ` (time cap hit before ${m.target})` : ''}, after a forced GC\n`,
  );
  console.log('| registrations | RSS MB | heap used MB |');
  console.log('|---|---|---|');
  for (const s of m.samples) {
    console.log(`| ${s.registrations} | ${f0(s.rssMb)} | ${f0(s.heapMb)} |`);
  }
  console.log(
    `\nRSS change ${m.rssChangePercent >= 0 ? '+' : ''}${m.rssChangePercent.toFixed(1)}%; ${m.ok} of ${m.registrations} registrations succeeded, ${f0(m.rps)} per second.`,
  );
}

interface VariantRow {
  variant: string;
  concurrency: number;
  rps: number;
  p50: number;
  cpuMsPerRegistration: number;
}

/** Each variant's impcard, started from its own checkout, measured in turns (two rounds). */
async function variants(upstream: BenchChild, spec: string): Promise<VariantRow[]> {
  upstream.tell({ type: 'latency', ms: 20 });
  const list = spec.split(',').map((item) => {
    const [name, dir] = item.split(':');
    return { name: name!, dir: dir ?? '' };
  });
  const children = new Map<string, Contestant>();
  for (const { name, dir } of list) {
    const child = await startChild('impcard', {
      BENCH_UPSTREAM_URL: upstream.url,
      BENCH_TOKEN_SECRET,
      ...(dir ? { BENCH_IMPCARD_ROOT: dir } : {}),
    });
    children.set(name, {
      name: 'impcard',
      child,
      path: '/v1/registrations',
      bodies: impcardBodies,
    });
  }
  const rows: VariantRow[] = [];
  try {
    for (const c of children.values()) await measured(c, upstream, 16, WARMUP_S, 20);
    for (let round = 0; round < 2; round++) {
      for (const concurrency of [1, 64]) {
        for (const [variant, c] of children) {
          const run = await measured(c, upstream, concurrency, RUN_S, 20);
          rows.push({
            variant,
            concurrency,
            rps: run.rps,
            p50: run.p50,
            cpuMsPerRegistration: run.cpuMsPerRegistration,
          });
          process.stderr.write(
            `  ${variant} c=${concurrency}: ${run.rps.toFixed(0)} rps, ${run.cpuMsPerRegistration.toFixed(2)} ms CPU\n`,
          );
        }
      }
    }
  } finally {
    for (const c of children.values()) await c.child.stop();
  }
  return rows;
}

function printVariants(rows: VariantRow[]): void {
  console.log('\n### Variants (20 ms upstream; best of two rounds)\n');
  console.log('| variant | c | rps | p50 ms | CPU ms/registration |');
  console.log('|---|---|---|---|---|');
  const best = new Map<string, VariantRow>();
  for (const r of rows) {
    const key = `${r.variant} ${r.concurrency}`;
    const seen = best.get(key);
    if (!seen || r.cpuMsPerRegistration < seen.cpuMsPerRegistration) best.set(key, r);
  }
  for (const r of best.values()) {
    console.log(
      `| ${r.variant} | ${r.concurrency} | ${f0(r.rps)} | ${f0(r.p50)} | ${f2(r.cpuMsPerRegistration)} |`,
    );
  }
}

/** impcard under c=64 at 20 ms with --cpu-prof; returns the summary of its profile. */
async function profile(upstream: BenchChild, dir: string): Promise<string> {
  upstream.tell({ type: 'latency', ms: 20 });
  // --profile-rejection[=json|luhn|token|limited] profiles a refusal (malformed JSON by default)
  // instead of registrations.
  const rejectionArg = args.find((a) => a.startsWith('--profile-rejection'));
  const rejecting = rejectionArg
    ? REFUSALS.find((r) => r.key === (rejectionArg.split('=')[1] ?? 'json'))
    : undefined;
  if (rejectionArg && !rejecting) {
    throw new Error('--profile-rejection takes json, luhn, token or limited');
  }
  const impcard = await startChild(
    'impcard',
    {
      BENCH_UPSTREAM_URL: upstream.url,
      BENCH_TOKEN_SECRET,
      ...(rejecting?.limited ? { BENCH_RATE_LIMIT_IP: '30/60' } : {}),
    },
    { cpuProfileDir: dir },
  );
  const contestant: Contestant = {
    name: 'impcard',
    child: impcard,
    path: '/v1/registrations',
    // Refusals are stateless: their set is cycled (see REFUSALS).
    bodies: rejecting ? () => rejecting.bodies(REFUSAL_BODIES) : impcardBodies,
  };
  try {
    await measured(contestant, upstream, 16, WARMUP_S, 20);
    const run = await measured(contestant, upstream, numberArg('profile-c') ?? 64, RUN_S * 2, 20);
    process.stderr.write(
      `  profiled: ${run.rps.toFixed(0)} rps, ${run.cpuMsPerRegistration.toFixed(2)} ms CPU/registration\n`,
    );
  } finally {
    await impcard.stop();
  }
  // tsx's loader thread writes a profile of its own: the main thread's is the largest.
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ f, size: statSync(`${dir}${f}`).size }))
    .sort((a, b) => b.size - a.size)[0]?.f;
  return newest ? `${dir}${newest}\n${summariseProfile(`${dir}${newest}`)}` : 'no profile written';
}

const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  os: `${osType()} ${release()}`,
  node: process.version,
  /** Other work on the machine skews every timing: the 1-minute load average at the start. */
  loadAverage: loadavg()[0]!,
  quick,
};

const report: {
  machine: typeof machine;
  sideBySide?: SideBySideRow[];
  rejection?: RejectionRow[];
  memory?: MemoryReport;
  variants?: VariantRow[];
  transport?: TransportRow[];
  memoryStore?: MemoryReport;
  widget?: WidgetReport;
  formReady?: FormReadyRow[];
} = { machine };

const started = performance.now();
console.log(
  `impcard bench: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, load average ${machine.loadAverage.toFixed(1)}${quick ? ' (quick)' : ''}`,
);
const needsUpstream =
  ['server', 'rejection', 'transport', 'memory', 'profile'].some(wants) ||
  args.some((a) => a.startsWith('--variants='));
const upstream = needsUpstream ? await startChild('upstream', {}) : undefined;
try {
  if (upstream && wants('server')) {
    report.sideBySide = await sideBySide(upstream);
    printSideBySide(report.sideBySide);
  }
  if (upstream && wants('rejection')) {
    report.rejection = await rejection(upstream);
    printRejection(report.rejection);
  }
  if (upstream && wants('profile')) {
    const dir = fileURLToPath(new URL('results/profiles/', import.meta.url));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    console.log(
      `\n### CPU profile of impcard (c=64, 20 ms upstream)\n\n${await profile(upstream, dir)}`,
    );
  }
  const variantSpec = args.find((a) => a.startsWith('--variants='))?.slice('--variants='.length);
  if (upstream && variantSpec) {
    report.variants = await variants(upstream, variantSpec);
    printVariants(report.variants);
  }
  if (upstream && wants('transport')) {
    report.transport = await measureTransports(upstream, quick);
    printTransports(report.transport);
  }
  if (upstream && wants('memory')) {
    // With Redis the process keeps nothing per registration: its RSS must stay flat. The memory
    // store keeps each registration's marks for the token's lifetime plus a day (store-keys.ts),
    // up to its maxEntries: a shorter run shows what that costs per registration.
    const redis = redisMissing ? undefined : await startRedis();
    try {
      report.memory = await memory(upstream, MEMORY_REGISTRATIONS, redis?.url);
      printMemory(report.memory);
    } finally {
      await redis?.stop();
    }
    if (redis) {
      report.memoryStore = await memory(
        upstream,
        Math.min(10_000, MEMORY_REGISTRATIONS),
        undefined,
      );
      printMemory(report.memoryStore);
      const m = report.memoryStore;
      const heapGrowth = (m.samples.at(-1)!.heapMb - m.samples[0]!.heapMb) * 2 ** 20;
      console.log(
        `\nThe memory store holds about ${f0(heapGrowth / m.registrations)} B of heap per registration until its marks expire (at most maxEntries, 100,000 by default).`,
      );
    }
  }
} finally {
  await upstream?.stop();
  await stopGenerator();
}
if (wants('widget')) {
  report.widget = await measureWidget(quick);
  printWidget(report.widget);
}
if (wants('form')) {
  // Other engines (Firefox, WebKit) join this list as their launchers land (form-ready.ts).
  report.formReady = await measureFormReady([chromiumEngine], quick ? 3 : 5);
  printFormReady(report.formReady, loadavg()[0]!);
}

const dir = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `\nwrote bench/results/latest.json in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
