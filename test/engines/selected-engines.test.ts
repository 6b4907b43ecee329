import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINES, selectedEngines } from './selected-engines.mjs';

test('IMPCARD_ENGINES: every engine when unset or blank, else the named ones in a fixed order', () => {
  assert.deepEqual(ENGINES, ['chromium', 'firefox', 'webkit']);
  assert.deepEqual(selectedEngines(''), ENGINES);
  assert.deepEqual(selectedEngines(' '), ENGINES);
  assert.deepEqual(selectedEngines('webkit'), ['webkit']);
  assert.deepEqual(selectedEngines(' WebKit , chromium,'), ['chromium', 'webkit']);
});

test('IMPCARD_ENGINES: an unknown name stops the run with the known ones', () => {
  assert.throws(
    () => selectedEngines('chromium,safari'),
    /unknown engine safari \(known: chromium, firefox, webkit\)/,
  );
});
