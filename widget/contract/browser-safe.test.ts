import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The contract, masking and translations ship in the browser bundle and in the server: they may
// import valibot and each other, nothing Node-specific and nothing heavier.
const FOLDERS = ['contract', 'card', 'i18n'];
const root = new URL('..', import.meta.url).pathname;

describe('widget core imports', () => {
  for (const folder of FOLDERS) {
    it(`${folder}/ imports only valibot and relative modules`, () => {
      const files = readdirSync(join(root, folder)).filter(
        (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
      );
      assert.ok(files.length > 0);
      for (const file of files) {
        const source = readFileSync(join(root, folder, file), 'utf8');
        for (const [, spec] of source.matchAll(/from '([^']+)'/g)) {
          assert.ok(
            spec === 'valibot' || spec!.startsWith('./') || spec!.startsWith('../'),
            `${folder}/${file}: ${spec}`,
          );
          assert.ok(!/^\.\.\/(?!contract|card|i18n)/.test(spec!), `${folder}/${file}: ${spec}`);
        }
        assert.doesNotMatch(source, /\b(process|Buffer|require)\b[.(]/, `${folder}/${file}`);
      }
    });
  }
});
