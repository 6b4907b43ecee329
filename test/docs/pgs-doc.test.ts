// docs/pgs.md and docs/ko/pgs.md are generated from server/app/pg-table.ts: a table change without
// `npm run docs:pgs` fails here, and so does a hand edit of either page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PG_CODES, PG_TABLE } from '../../server/app/pg-table.ts';
import { PGS_DOC_PATHS, renderPgsDoc } from './pgs-doc.ts';

const root = new URL('../../', import.meta.url);

describe('docs/pgs.md and docs/ko/pgs.md', () => {
  for (const lang of ['en', 'ko'] as const) {
    it(`${PGS_DOC_PATHS[lang]} is what npm run docs:pgs writes`, async () => {
      const committed = readFileSync(new URL(PGS_DOC_PATHS[lang], root), 'utf8');
      assert.equal(
        committed,
        await renderPgsDoc(lang),
        'run npm run docs:pgs and commit the result',
      );
    });

    it(`${PGS_DOC_PATHS[lang]} names every code of the table, in its own words`, async () => {
      const page = await renderPgsDoc(lang);
      for (const code of PG_CODES) {
        assert.ok(page.includes(`\`${code}\``), code);
        assert.ok(page.includes(PG_TABLE[code].label[lang]), `${code} label`);
      }
    });
  }

  it('the Korean page uses i’mport’s own terms', async () => {
    const page = await renderPgsDoc('ko');
    for (const term of [
      'PG사',
      '채널',
      '빌링키',
      '비인증 결제(키인)',
      '정기결제',
      '법인카드',
      '사업자등록번호',
      '가맹점 식별코드',
      '관리자 콘솔',
    ]) {
      assert.ok(page.includes(term), term);
    }
  });
});
