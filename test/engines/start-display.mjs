// A private X display for the engines that cannot run headless here: headless Firefox never has an
// active window (no focus/blur events fire at all) and WebKitGTK's MiniBrowser has no headless mode.
import { spawn } from 'node:child_process';
import { xvfbPath } from './engine-paths.mjs';

/**
 * Starts Xvfb on the first free display (`-displayfd` lets the server pick it, so concurrent runs
 * never collide) and resolves with its name, e.g. ":3".
 */
export function startDisplay({ width = 1280, height = 1024 } = {}) {
  const xvfb = spawn(
    xvfbPath,
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  xvfb.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let written = '';
    xvfb.stdio[3].on('data', (d) => {
      written += d;
      if (!written.includes('\n')) return;
      const display = `:${written.trim()}`;
      resolve({
        display,
        stop: () =>
          new Promise((done) => {
            if (xvfb.exitCode !== null) return done();
            xvfb.once('exit', () => done());
            xvfb.kill();
          }),
      });
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr.trim()}`)));
  });
}
