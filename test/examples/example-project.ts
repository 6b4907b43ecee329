// An example of examples/ as a merchant gets it: copied out of the repository into an empty
// directory, its `impcard` dependency pointed at the packed tarball, installed with npm, and its
// processes started with the environment its README gives.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run build` then `npm pack` (without prepack's second build): the tarball's path. */
export function packTarball(into: string): string {
  if (process.env.IMPCARD_BUILT !== '1') run('npm', ['run', '--silent', 'build'], root);
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], root);
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  return join(into, filename);
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Copies examples/<name> (no node_modules, no build output) and installs it from the tarball. */
export function installExample(name: string, tarball: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `impcard-example-${name}-`)), name);
  cpSync(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|\.next|data)$/.test(source),
  });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    dependencies: Record<string, string>;
  };
  if (!manifest.dependencies['impcard'])
    throw new Error(`examples/${name} does not depend on impcard`);
  manifest.dependencies['impcard'] = `file:${tarball}`;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir);
  return dir;
}

/** A loopback port nobody listens on (at the time of asking). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts a command in its own process group and waits until `ready(output)` holds. */
export async function start(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  ready: (output: string) => boolean | Promise<boolean>,
  timeoutMs = 120_000,
): Promise<Started> {
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const started: Started = {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const closed = new Promise((resolve) => child.once('close', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5000);
      await closed;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await ready(output))) {
    if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(' ')} exited:\n${output}`);
    if (Date.now() > deadline) {
      await started.stop();
      throw new Error(`${cmd} ${args.join(' ')} did not start in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return started;
}

/** True once `url` answers at all. */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}

/** The i'mport sandbox from the example's own install (`npx impcard sandbox`), on a free port. */
export async function startSandbox(dir: string): Promise<Started & { url: string }> {
  const started = await start(
    'npx',
    ['--no-install', 'impcard', 'sandbox'],
    dir,
    { SANDBOX_PORT: '0' },
    (out) => /listening on http:\/\/\S+/.test(out),
  );
  const url = /listening on (http:\/\/\S+)/.exec(started.output())![1]!;
  return { ...started, url };
}
