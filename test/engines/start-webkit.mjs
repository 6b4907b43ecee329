// WebKitGTK's MiniBrowser under a WebKitWebDriver session. WebKitWebDriver would start the browser
// itself on a random inspector port; starting it ourselves with a known port (and --target) lets
// several runs share the machine.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { miniBrowserPath, webkitDriverPath } from './engine-paths.mjs';

/**
 * Every request but loopback goes to a proxy that is not there (port 9, discard) and fails at once,
 * as Chromium's --host-resolver-rules makes it fail.
 */
export const webkitArgs = [
  '--proxy=http://127.0.0.1:9',
  '--ignore-host=localhost',
  '--ignore-host=127.0.0.1',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port, deadline) {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`, {
        signal: AbortSignal.timeout(1000),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts MiniBrowser (in automation mode, on `display`) and a WebKitWebDriver attached to it, and
 * resolves with the driver's address for any W3C WebDriver client (webdriver, webdriverio,
 * @web/test-runner-webdriver). `--host=127.0.0.1` because the default ("local") fails to listen here.
 */
export async function startWebKit({ display }) {
  const [inspectorPort, driverPort] = [await freePort(), await freePort()];
  const browser = spawn(miniBrowserPath, ['--automation', ...webkitArgs], {
    env: {
      ...process.env,
      // The others speak en-US whatever the machine's locale; WebKitGTK takes its language (and
      // toLocaleString's format) from LANG, unset or "C" on a CI machine.
      LANG: 'en_US.UTF-8',
      DISPLAY: display,
      WEBKIT_INSPECTOR_SERVER: `127.0.0.1:${inspectorPort}`,
    },
    stdio: 'ignore',
  });
  const driver = spawn(
    webkitDriverPath,
    ['--host=127.0.0.1', `--port=${driverPort}`, `--target=127.0.0.1:${inspectorPort}`],
    { stdio: 'ignore' },
  );
  const stopOne = (child) =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill();
    });
  const stop = () => Promise.all([stopOne(driver), stopOne(browser)]).then(() => undefined);
  try {
    await waitForDriver(driverPort, Date.now() + 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { hostname: '127.0.0.1', port: driverPort, stop };
}
