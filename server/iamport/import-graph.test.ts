// The modules of this folder and their relative imports (type-only ones too), read from the
// sources: the transport contract must not need its implementations back.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findCycles } from '../testing/find-cycles.ts';

const folder = new URL('./', import.meta.url);
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*'(\.\/[^']+)'|import\(\s*'(\.\/[^']+)'\s*\)/g;

function graph(): Map<string, string[]> {
  const modules = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  return new Map(
    modules.map((file) => {
      const source = readFileSync(new URL(file, folder), 'utf8');
      const targets = [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? '').slice(2));
      return [file, targets];
    }),
  );
}

const cycles = findCycles;

describe('server/iamport imports', () => {
  const edges = graph();

  it('are read from every module', () => {
    assert.ok(edges.size >= 15, `${edges.size} modules read`);
    assert.deepEqual(edges.get('transport.ts'), ['options.ts', 'schemas.ts']);
    assert.ok(edges.get('client.ts')?.includes('classify-outcome.ts'));
  });

  it('form no cycle', () => {
    assert.deepEqual(cycles(edges), []);
  });

  it('find a cycle when there is one', () => {
    const looped = new Map(edges).set('transport.ts', ['undici-transport.ts']);
    assert.deepEqual(cycles(looped), [['transport.ts', 'undici-transport.ts', 'transport.ts']]);
  });

  it('keep each transport to the contract: neither imports the other, nor the client', () => {
    for (const transport of ['ky-transport.ts', 'undici-transport.ts']) {
      assert.deepEqual(edges.get(transport), ['transport.ts'], transport);
    }
  });
});
