// `npm run measure:runtimes`: start-up time (spawn → first 200 from /healthz) and idle memory
// (RSS 2 s after start) of the impcard server in sandbox mode, per runtime. Needs `npm run build`
// first (the compiled row runs dist/). Figures vary with the machine's load; run it a few times.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './find-tests.mjs';

const bin = (name) => join(root, 'node_modules/.bin', name);
const variants = [
  ['node + tsx (npm start)', process.execPath, ['--import', 'tsx', 'server/runtimes/cli.ts']],
  ['node, compiled (npx impcard)', process.execPath, ['dist/server/runtimes/cli.js']],
  ['bun', bin('bun'), ['server/main.ts']],
  ['deno', bin('deno'), ['run', '-A', 'server/main.ts']],
];

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function measure([name, cmd, args]) {
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', SANDBOX_PORT: '0', IMP_KEY: '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    let url;
    while (!(url = /demo:\s+(http:\/\/\S+?)\/?\s/.exec(output)?.[1])) {
      if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    while (
      !(await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const startupS = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    return { name, startupS, rss: rssMb(child.pid) };
  } finally {
    child.kill('SIGTERM');
  }
}

console.log(`${'runtime'.padEnd(30)} ${'start-up'.padStart(9)} ${'idle RSS'.padStart(9)}`);
for (const variant of variants) {
  const m = await measure(variant);
  console.log(
    `${m.name.padEnd(30)} ${`${m.startupS.toFixed(2)} s`.padStart(9)} ${`${m.rss.toFixed(0)} MB`.padStart(9)}`,
  );
}
