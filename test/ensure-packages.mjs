// `npm test` must work on a fresh Debian machine: install a missing Debian package (Chromium for
// the browser tests, redis-server for the Redis store tests) when we are root with apt-get, or stop
// at once with a one-line instruction instead of a launcher stack trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/**
 * Flags for every Chromium this project starts (wtr, playwright): root needs --no-sandbox, and
 * nothing may reach beyond loopback, not even Chromium's own DNS lookups of Google hosts.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export const redisServerPath = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

function ensure(pkg, path, envName) {
  if (existsSync(path)) return path;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt || process.env[envName]) {
    console.error(
      `${pkg} not found at ${path}: run 'sudo apt-get install -y ${pkg}' (or set ${envName}), then npm test again.`,
    );
    process.exit(1);
  }
  console.log(`${pkg} is missing: installing Debian package ${pkg} with apt-get…`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const stdio = ['ignore', 'ignore', 'inherit'];
    execFileSync('apt-get', ['update', '-qq'], { stdio, env });
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio, env });
  } catch {
    console.error(
      `Installing ${pkg} with apt-get failed: run 'apt-get install -y ${pkg}', then npm test again.`,
    );
    process.exit(1);
  }
  return path;
}

export const ensureChromium = () => ensure('chromium', chromiumPath, 'CHROME_PATH');
export const ensureRedis = () => ensure('redis-server', redisServerPath, 'REDIS_SERVER_PATH');
