// Type tests: tsc checks small React 19 (the ImpCardForm component and the raw element) and Vue 3
// consumers of <imp-card-form> (test/types/).
// Each wrong use is marked @ts-expect-error, so types that accepted anything would fail here too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('framework types', () => {
  it('type-check a React 19 (impcard/react component, JSX IntrinsicElements) and a Vue 3 (GlobalComponents) consumer', () => {
    const result = spawnSync(
      process.execPath,
      [`${root}node_modules/typescript/bin/tsc`, '-p', 'test/types/tsconfig.json'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});
