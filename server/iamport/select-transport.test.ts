import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectTransport } from './select-transport.ts';

describe('selectTransport', () => {
  const options = { baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 };

  it("picks undici's Pool on Node with the default fetch", async () => {
    assert.equal((await selectTransport(options)).name, 'undici');
  });

  it('picks ky as soon as a fetch is injected (tests, in-process sandboxes)', async () => {
    const transport = await selectTransport({
      ...options,
      fetch: (input, init) => fetch(input, init),
    });
    assert.equal(transport.name, 'ky');
  });
});
