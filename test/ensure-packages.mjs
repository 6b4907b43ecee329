// `npm test` must work on a fresh Debian machine: install a missing Debian package (Chromium for
// the browser tests, redis-server for the Redis store tests) when we are root with apt-get, or stop
// at once with a one-line instruction instead of a launcher stack trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { firefoxPath, webkitDriverPath, xvfbPath } from './engines/engine-paths.mjs';

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

/**
 * Each [Debian package, the file it installs, the variable that overrides the path]: installs the
 * missing ones in one apt-get call when we are root with apt-get, or stops at once with a one-line
 * instruction.
 */
function ensureAll(wanted) {
  const missing = wanted.filter(([, path]) => !existsSync(path));
  if (missing.length === 0) return;
  const pkgs = missing.map(([pkg]) => pkg).join(' ');
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const overridden = missing.find(([, , envName]) => envName && process.env[envName]);
  if (!isRoot || !hasApt || overridden) {
    const [pkg, path, envName] = overridden ?? missing[0];
    const hint = envName ? ` (or set ${envName})` : '';
    console.error(
      `${pkg} not found at ${path}: run 'sudo apt-get install -y ${pkgs}'${hint}, then npm test again.`,
    );
    process.exit(1);
  }
  console.log(`missing: installing Debian packages ${pkgs} with apt-get…`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const stdio = ['ignore', 'ignore', 'inherit'];
    execFileSync('apt-get', ['update', '-qq'], { stdio, env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs.split(' ')], { stdio, env });
  } catch {
    console.error(
      `Installing ${pkgs} with apt-get failed: run 'apt-get install -y ${pkgs}', then npm test again.`,
    );
    process.exit(1);
  }
}

const ensure = (pkg, path, envName) => (ensureAll([[pkg, path, envName]]), path);

export const ensureChromium = () => ensure('chromium', chromiumPath, 'CHROME_PATH');
export const ensureRedis = () => ensure('redis-server', redisServerPath, 'REDIS_SERVER_PATH');

/**
 * Firefox ESR and WebKitGTK with what they need here: Xvfb (neither runs headless with focus events
 * here), xdotool (one click activates Firefox's window), Korean fonts (text renders as boxes without).
 */
export const ensureFirefoxAndWebKit = () =>
  ensureAll([
    ['firefox-esr', firefoxPath, 'FIREFOX_PATH'],
    ['webkit2gtk-driver', webkitDriverPath, 'WEBKIT_DRIVER_PATH'],
    ['xvfb', xvfbPath, 'XVFB_PATH'],
    ['xauth', '/usr/bin/xauth'],
    ['xdotool', '/usr/bin/xdotool'],
    ['fonts-nanum', '/usr/share/fonts/truetype/nanum/NanumGothic.ttf'],
  ]);
