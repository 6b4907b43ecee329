// The bounded soak of `npm test` (`npm run soak` runs 10,000 intents): no double charge, nothing
// left undecided, through random faults, duplicate submissions on two instances, a Redis restart
// and a SIGTERM.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redisMissing } from '../../server/testing/index.ts';
import { printFigures, runSoak } from './run-soak.ts';

describe('soak', { skip: redisMissing }, () => {
  it('500 intents: 0 double charges, 0 undecided', async () => {
    const figures = await runSoak({ intents: 500 });
    printFigures(figures, (line) => console.log(`# ${line}`));
    assert.equal(figures.doubleCharges, 0);
    assert.equal(figures.undecided, 0);
    assert.ok(figures.paid > 0);
    assert.equal(figures.redisRestarts, 1);
    assert.equal(figures.sigterms, 1);
  });
});
