// `npm test` must work on a fresh Debian machine: install Debian's Chromium when it is missing and
// we are root, or stop at once with a one-line instruction instead of a launcher stack trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(chromiumPath)) return chromiumPath;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt || process.env.CHROME_PATH) {
    console.error(
      `Chromium not found at ${chromiumPath}: run 'sudo apt-get install -y chromium' (or set CHROME_PATH), then npm test again.`,
    );
    process.exit(1);
  }
  console.log('Chromium is missing: installing Debian package chromium with apt-get…');
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch {
    console.error("Installing chromium with apt-get failed: run 'apt-get install -y chromium', then npm test again.");
    process.exit(1);
  }
  return chromiumPath;
}
