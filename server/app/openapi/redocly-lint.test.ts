// `redocly lint` (the pinned @redocly/cli, offline, telemetry off) on the generated document,
// with the repository's redocly.yaml: no error and no warning.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildOpenApiDocument } from './build-openapi-document.ts';

const root = resolve(import.meta.dirname, '../../..');

describe('redocly lint', () => {
  it('finds no error and no warning in the generated document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'impcard-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 2));
      const run = spawnSync(
        join(root, 'node_modules/.bin/redocly'),
        ['lint', file, '--config', join(root, 'redocly.yaml'), '--format=json'],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      );
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string }[];
      };
      const problems = report.problems.map((p) => `${p.ruleId}: ${p.message}`).join('\n');
      assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 }, problems);
      assert.equal(run.status, 0, run.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
