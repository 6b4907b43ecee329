// The soak: two impcard server processes sharing a real redis-server, the i'mport sandbox on a real
// port with random faults, duplicate concurrent submissions across the instances, a Redis restart
// and a SIGTERM of one instance mid-run. Counts what matters: double charges and undecided intents,
// and, with `lateLandings`, billing-key calls that land after the in-doubt window: each must be
// detected (the customer held again), never a silent card replacement.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../server/sandbox/index.ts';
import { CARDS, VALID_CARD, startRedis, uid, type TestRedis } from '../../server/testing/index.ts';
import { signRegistrationToken } from '../../server/app/token/sign-registration-token.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'soak-token-secret-0123456789abcdef0123';
const API_KEY = 'soak-api-key-0123456789abcdef';
const DEFINITE = new Set([200, 402]);

export interface SoakFigures {
  intents: number;
  requests: number;
  faults: number;
  retries: number;
  paid: number;
  declined: number;
  doubleCharges: number;
  undecided: number;
  redisRestarts: number;
  sigterms: number;
  fiveXxByCode: Record<string, number>;
  /** Billing-key calls delayed past the window (75 s against the default 60 s). */
  lateLandings: number;
  /** Of those, the ones that landed and replaced the card saved meanwhile. */
  lateLanded: number;
  /** Replacements detected: the customer held again (409 CUSTOMER_IN_DOUBT) and reported. */
  lateDetected: number;
  /** `billing_key.changed` log lines across the instances. */
  changeReports: number;
  /** Replacements nobody noticed. */
  silentReplacements: number;
  seconds: number;
}

/** Past the default window (60 s) and the client's timeout (30 s), as in the probe that found it. */
const LATE_MS = 75_000;

interface Instance {
  url: string;
  child: ChildProcess;
  alive: boolean;
  /** `billing_key.changed` lines it logged. */
  changeReports: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startInstance(upstream: RunningSandbox, redis: TestRedis): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      IMP_KEY: 'sandbox_imp_key',
      IMP_SECRET: 'sandbox_imp_secret',
      IMP_API_URL: upstream.url,
      REDIS_URL: redis.url,
      IMPCARD_TOKEN_SECRET: SECRET,
      IMPCARD_API_KEY: API_KEY,
      IMPCARD_RATE_LIMIT: 'off',
      IMPCARD_DRAIN_MS: '20000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let line = '';
  let changeReports = 0;
  child.stdout?.on('data', (d: Buffer) => {
    if (out.length < 10_000) out += d.toString();
    const lines = (line + d.toString()).split('\n');
    line = lines.pop() ?? '';
    for (const l of lines) if (l.includes('"event":"billing_key.changed"')) changeReports++;
    if (instance) instance.changeReports = changeReports;
  });
  child.stderr?.on('data', (d: Buffer) => {
    if (out.length < 10_000) out += d.toString();
  });
  let instance: Instance | undefined;
  // Generous: on a loaded machine a tsx start takes long.
  const deadline = Date.now() + 120_000;
  for (;;) {
    // The start-up log line is JSON: {"event":"server.started",…,"url":"http://localhost:PORT"}.
    const match = /"event":"server\.started"[^\n]*?"url":"http:\/\/[^:"]+:(\d+)/.exec(out);
    if (match) {
      const started: Instance = {
        url: `http://127.0.0.1:${match[1]}`,
        child,
        alive: true,
        changeReports,
      };
      instance = started;
      child.once('exit', () => (started.alive = false));
      return started;
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`impcard did not start:\n${out}`);
    }
    await sleep(50);
  }
}

export async function runSoak(options: {
  intents: number;
  concurrency?: number;
  /** Customers whose billing-key call lands after the window (each takes about 2 minutes). */
  lateLandings?: number;
  log?: (line: string) => void;
}) {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const figures: SoakFigures = {
    intents: options.intents,
    requests: 0,
    faults: 0,
    retries: 0,
    paid: 0,
    declined: 0,
    doubleCharges: 0,
    undecided: 0,
    redisRestarts: 0,
    sigterms: 0,
    fiveXxByCode: {},
    lateLandings: 0,
    lateLanded: 0,
    lateDetected: 0,
    changeReports: 0,
    silentReplacements: 0,
    seconds: 0,
  };
  const redis = await startRedis({ appendonly: true });
  const upstream = await startSandbox({ testControls: true });
  const instances: Instance[] = [];
  try {
    instances.push(await startInstance(upstream, redis), await startInstance(upstream, redis));
    const pick = (n: number): Instance => {
      const alive = instances.filter((i) => i.alive);
      return alive[n % alive.length] ?? instances[0]!;
    };

    async function send(instance: Instance, token: string, card: string, key: string) {
      figures.requests++;
      try {
        const res = await fetch(`${instance.url}/v1/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ ...VALID_CARD, card_number: card, token }),
        });
        const body = (await res.json()) as { code?: string };
        if (res.status >= 500) {
          const code = `${res.status} ${body.code ?? '?'}`;
          figures.fiveXxByCode[code] = (figures.fiveXxByCode[code] ?? 0) + 1;
        }
        return { status: res.status, code: body.code };
      } catch {
        figures.fiveXxByCode['connection failed'] =
          (figures.fiveXxByCode['connection failed'] ?? 0) + 1;
        return { status: 0, code: 'NETWORK_ERROR' };
      }
    }

    const orders: string[] = [];
    let next = 0;
    let decided = 0;
    async function oneIntent(n: number): Promise<void> {
      const merchantUid = uid(`soak_${n}`);
      orders.push(merchantUid);
      const declined = Math.random() < 0.1;
      const { token } = await signRegistrationToken(SECRET, {
        customer_uid: `soak_c_${n}`,
        mode: Math.random() < 0.5 ? 'payment' : 'billing_key_and_payment',
        amount: 1000 + (n % 50),
        merchant_uid: merchantUid,
      });
      const card = declined ? CARDS.declined : VALID_CARD.card_number;
      const key = `k_${n}`;
      const fault = Math.random();
      if (fault < 0.15) {
        figures.faults++;
        const kind = fault < 0.05 ? 'error500' : fault < 0.1 ? 'drop' : 'delay';
        upstream.sandbox.injectFault({
          method: 'POST',
          path: '/subscribe/payments/onetime',
          kind,
          ...(kind === 'delay' ? { ms: 200 } : {}),
        });
      }
      // A double click reaching both instances at once, with the widget's one Idempotency-Key.
      const first = await Promise.all(
        Math.random() < 0.3
          ? [send(pick(n), token, card, key), send(pick(n + 1), token, card, key)]
          : [send(pick(n), token, card, key)],
      );
      let done = first.some((a) => DEFINITE.has(a.status));
      for (let attempt = 0; !done && attempt < 200; attempt++) {
        figures.retries++;
        await sleep(attempt < 10 ? 50 : 250);
        const answer = await send(pick(n + attempt), token, card, key);
        done = DEFINITE.has(answer.status);
      }
      if (done) decided++;
      else figures.undecided++;
    }

    async function worker(): Promise<void> {
      while (next < options.intents) {
        const n = next++;
        await oneIntent(n);
        if (n === Math.floor(options.intents / 3)) void restartRedis();
        if (n === Math.floor((options.intents * 2) / 3)) void sigterm();
        if (n % 500 === 0) log(`${n} intents sent, ${decided} decided`);
      }
    }
    async function restartRedis(): Promise<void> {
      figures.redisRestarts++;
      await redis.stop();
      await sleep(300);
      await redis.start();
    }
    async function sigterm(): Promise<void> {
      figures.sigterms++;
      const victim = instances[1]!;
      victim.child.kill('SIGTERM');
      await new Promise((r) => victim.child.once('exit', r));
      // The run goes on with the other instance when the replacement cannot start.
      await startInstance(upstream, redis)
        .then((instance) => instances.push(instance))
        .catch((error: unknown) => log(`replacement instance: ${String(error)}`));
    }

    /**
     * Card X's issue is delayed past the window (502 OUTCOME_UNKNOWN at the client's timeout), card
     * Y is saved once the window has passed, then X lands. Its calls go to the instance that is
     * never stopped: an instance stopped mid-call loses its doubt (docs/operations.md).
     */
    async function lateLanding(i: number): Promise<void> {
      const home = instances[0]!;
      const customerUid = uid(`soak_late_${i}`);
      const sign = async () =>
        (await signRegistrationToken(SECRET, { customer_uid: customerUid, mode: 'billing_key' }))
          .token;
      upstream.sandbox.injectFault({
        method: 'POST',
        path: `/subscribe/customers/${customerUid}`,
        kind: 'delay',
        ms: LATE_MS,
      });
      const startedMs = Date.now();
      const lost = await send(home, await sign(), CARDS.approved, `late_x_${i}`);
      if (lost.code !== 'OUTCOME_UNKNOWN') return log(`late landing ${i}: ${lost.status}`);
      figures.lateLandings++;
      const tokenY = await sign();
      let saved = false;
      while (!saved && Date.now() - startedMs < 3 * LATE_MS) {
        saved = (await send(home, tokenY, CARDS.other, `late_y_${i}`)).status === 200;
        if (!saved) await sleep(2_000);
      }
      // X lands at 75 s; the card saved at about 60 s is read back a window (60 s) later.
      await sleep(Math.max(0, startedMs + 135_000 - Date.now()));
      const res = await fetch(`${home.url}/v1/billing-keys/${customerUid}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      const stored = ((await res.json()) as { billing_key?: { card_number: string } }).billing_key;
      if (!saved || !stored?.card_number.endsWith(CARDS.approved.slice(-4))) return;
      figures.lateLanded++;
      const probe = await send(home, await sign(), CARDS.other, `late_z_${i}`);
      if (probe.code === 'CUSTOMER_IN_DOUBT') figures.lateDetected++;
      else figures.silentReplacements++;
    }

    await Promise.all([
      ...Array.from({ length: options.concurrency ?? 16 }, () => worker()),
      ...Array.from({ length: options.lateLandings ?? 0 }, (_, i) => lateLanding(i)),
    ]);
    // Late-landing payments have landed by now.
    await sleep(500);
    for (const order of orders) {
      const paid = upstream.sandbox.attempts(order).filter((a) => a.status === 'paid').length;
      if (paid > 0) figures.paid++;
      if (paid > 1) figures.doubleCharges++;
      if (upstream.sandbox.attempts(order).some((a) => a.status === 'failed') && paid === 0)
        figures.declined++;
    }
    figures.changeReports = instances.reduce((sum, i) => sum + i.changeReports, 0);
  } finally {
    for (const instance of instances) {
      if (instance.alive) {
        instance.child.kill('SIGTERM');
        await new Promise((r) => instance.child.once('exit', r));
      }
    }
    await upstream.close();
    await redis.stop();
  }
  figures.seconds = Math.round((Date.now() - started) / 100) / 10;
  return figures;
}

export function printFigures(f: SoakFigures, print: (line: string) => void = console.log): void {
  print(`intents:          ${f.intents}`);
  print(`requests:         ${f.requests}`);
  print(`faults injected:  ${f.faults}`);
  print(`retries:          ${f.retries}`);
  print(`paid:             ${f.paid}`);
  print(`declined:         ${f.declined}`);
  print(`double charges:   ${f.doubleCharges}`);
  print(`undecided:        ${f.undecided}`);
  print(`redis restarts:   ${f.redisRestarts}`);
  print(`SIGTERMs:         ${f.sigterms}`);
  print(`5xx by code:      ${JSON.stringify(f.fiveXxByCode)}`);
  if (f.lateLandings > 0) {
    print(
      `late landings:    ${f.lateLandings} delayed, ${f.lateLanded} landed, ${f.lateDetected} detected, ${f.changeReports} reported, ${f.silentReplacements} silent`,
    );
  }
  print(`seconds:          ${f.seconds}`);
}
