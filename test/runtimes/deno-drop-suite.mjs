// The sandbox's `drop` fault under Deno. `impcard sandbox` (server/sandbox/main.ts) serves through
// node:http, whose socket Deno lets the fault destroy: the client must see the connection end with
// no answer at all, the way a lost i'mport response looks.
import assert from 'node:assert/strict';

/** @param {() => Promise<{ url: string, stop(): Promise<void> }>} startSandbox */
export function denoDropCases(startSandbox) {
  return [
    {
      name: "the sandbox's drop fault drops the connection (no status, no body)",
      async run() {
        const sandbox = await startSandbox();
        try {
          const inject = await fetch(`${sandbox.url}/__sandbox/faults`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'drop', path: '/users/getToken' }),
          });
          assert.equal(inject.status, 200);
          const outcome = await fetch(`${sandbox.url}/users/getToken`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' }),
          }).then(
            (response) => `answered ${response.status}`,
            (error) => `dropped (${error.cause?.code ?? error.message})`,
          );
          assert.match(outcome, /^dropped/);
          // The effect was committed before the drop: the next call gets its token normally.
          const after = await fetch(`${sandbox.url}/users/getToken`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' }),
          });
          assert.equal(after.status, 200);
        } finally {
          await sandbox.stop();
        }
      },
    },
  ];
}
