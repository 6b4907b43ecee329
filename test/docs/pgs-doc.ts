// Writes docs/pgs.md and docs/ko/pgs.md from the PG table (server/app/pg-table.ts):
// `npm run docs:pgs`. pgs-doc.test.ts fails when a committed file differs from what this renders.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { pgCodeRefusal } from '../../server/app/pg-capabilities.ts';
import {
  PG_CODES,
  PG_TABLE,
  pgAllows,
  type Cited,
  type PgFacts,
  type PgField,
  type PgFlow,
} from '../../server/app/pg-table.ts';

export type DocLanguage = 'en' | 'ko';

/** Where each page is written, from the repository's root. */
export const PGS_DOC_PATHS: Readonly<Record<DocLanguage, string>> = {
  en: 'docs/pgs.md',
  ko: 'docs/ko/pgs.md',
};

const FLOWS: readonly PgFlow[] = ['billing_key', 'payment', 'billing_key_and_payment', 'again'];
const FIELDS: readonly PgField[] = [
  'birth',
  'pwd_2digit',
  'buyer_name',
  'buyer_email',
  'buyer_tel',
];

const WORDS = {
  en: {
    title: 'PGs: what each i’mport PG code can do with impcard',
    flow: {
      billing_key: 'Billing key alone',
      payment: 'Key-in payment',
      billing_key_and_payment: 'Key + first payment',
      again: 'Charge a key',
    },
    flowPlain: {
      billing_key: 'a billing key without a payment (`billing_key`)',
      payment: 'a key-in payment (`payment`)',
      billing_key_and_payment: 'a billing key with its first payment (`billing_key_and_payment`)',
      again: 'charging a stored key (`POST /v1/charges`, i’mport’s `again`)',
    },
    code: 'Code',
    pg: 'PG',
    channels: 'Channel (`pg`)',
    corporate: 'Corporate cards',
    yes: 'yes',
    no: 'no',
    unknown: 'not documented',
    unconfirmed: 'unconfirmed',
    instead: 'Use instead',
    answer: 'What impcard answers',
    window: 'its payment window',
    source: 'Source',
    supports: 'Supports',
    requires: 'Required fields',
    requiresNone: 'only the card form’s own fields (see above)',
    in: 'in',
    otherwise: 'Otherwise',
    notes: 'Notes',
    sources: 'Sources',
    restHeading: 'PGs that take card details over the REST API',
    windowHeading: 'Codes that take no card details over the REST API',
    summaryHeading: 'At a glance',
    other: 'Korean version: [ko/pgs.md](ko/pgs.md).',
    corporateYes: 'yes: `birth` is the 10-digit business registration number',
  },
  ko: {
    title: 'PG사별 지원 범위: impcard에서 쓸 수 있는 아임포트 PG사 코드',
    flow: {
      billing_key: '빌링키만 발급',
      payment: '비인증 결제(키인)',
      billing_key_and_payment: '빌링키 발급 + 최초 결제',
      again: '빌링키 결제',
    },
    flowPlain: {
      billing_key: '결제 없는 빌링키 발급(`billing_key`)',
      payment: '비인증 결제(키인, `payment`)',
      billing_key_and_payment: '빌링키 발급과 최초 결제(`billing_key_and_payment`)',
      again: '저장된 빌링키로 정기결제(`POST /v1/charges`, 아임포트의 `again`)',
    },
    code: 'PG사 코드',
    pg: 'PG사',
    channels: '채널 지정(`pg`)',
    corporate: '법인카드',
    yes: '가능',
    no: '불가',
    unknown: '문서 없음',
    unconfirmed: '미확인',
    instead: '대신 쓸 코드',
    answer: 'impcard 응답',
    window: '결제창 연동',
    source: '출처',
    supports: '지원',
    requires: '필수 항목',
    requiresNone: '카드 입력 폼의 기본 항목만 (위 참고)',
    in: '대상',
    otherwise: '지원하지 않는 요청',
    notes: '참고',
    sources: '출처 표기',
    restHeading: 'REST API로 카드 정보를 받는 PG사',
    windowHeading: 'REST API로 카드 정보를 받지 않는 PG사 코드',
    summaryHeading: '한눈에 보기',
    other: 'English version: [pgs.md](../pgs.md).',
    corporateYes: '가능: `birth`에 사업자등록번호 10자리',
  },
} as const;

const FIELD_NAMES: Readonly<Record<DocLanguage, Readonly<Record<PgField, string>>>> = {
  en: {
    birth: '`birth` (card form)',
    pwd_2digit: '`pwd_2digit`, corporate cards too',
    buyer_name: '`buyer.name` (token or charge)',
    buyer_email: '`buyer.email` (token or charge)',
    buyer_tel: '`buyer.tel` (token or charge)',
  },
  ko: {
    birth: '`birth` (카드 입력 폼)',
    pwd_2digit: '`pwd_2digit` (법인카드 포함)',
    buyer_name: '`buyer.name` (토큰 또는 결제 요청)',
    buyer_email: '`buyer.email` (토큰 또는 결제 요청)',
    buyer_tel: '`buyer.tel` (토큰 또는 결제 요청)',
  },
};

function intro(lang: DocLanguage): string {
  if (lang === 'ko') {
    return `아임포트(포트원 V1)는 \`pg\` 파라미터로 채널을 고릅니다. 형식은 \`{PG사 코드}\` 또는 \`{PG사 코드}.{상점아이디}\`(예: \`kcp.{사이트코드}\`, \`ksnet.{MID}\`)이고, 채널이 여럿일 때만 필요합니다. 아임포트는 **모르는 코드나 오타를 받아도 오류 없이 기본 PG사로 보냅니다**. 그래서 impcard 서버는 표에 없는 코드, 그리고 REST API로 카드 정보를 받지 않는 코드를 토큰 발급(\`signRegistrationToken\`, \`POST /v1/tokens\`), 빌링키 결제(\`POST /v1/charges\`), 서버 시작(\`pg\` 옵션, \`IMPCARD_PG\`) 단계에서 \`PG_NOT_SUPPORTED\`(422, 시작 시에는 \`ConfigError\`)로 거절하고, 써야 할 코드를 알려 줍니다(\`kcq\` → "did you mean kcp?"). \`pg\`를 생략하면 관리자 콘솔에서 가맹점 식별코드에 설정한 기본 PG사(기본 채널)가 쓰입니다.

모든 PG사 공통: 카드 입력 폼은 카드번호, 유효기간, 생년월일 6자리(\`YYMMDD\`) 또는 법인카드의 사업자등록번호 10자리를 항상 받고, 카드 비밀번호 앞 2자리는 개인카드에서 필수, 법인카드에서는 선택입니다(표에서 따로 적은 PG사 제외). 이 규칙이 실제로 필요한지는 PG사와 계약에 따라 다릅니다(OAS).

이 문서는 [server/app/pg-table.ts](../../server/app/pg-table.ts)에서 \`npm run docs:pgs\`로 생성됩니다. 직접 고치지 마세요. 각 항목의 출처 표기는 맨 아래에 있습니다.`;
  }
  return `i’mport (PortOne V1) picks a channel with the \`pg\` parameter: \`{code}\` or \`{code}.{MID}\` (\`kcp.{site code}\`, \`ksnet.{MID}\`), needed only when a merchant has several channels. **i’mport routes an unknown code or a typo to the default channel without an error**, so the impcard server refuses a code this table does not know, or one whose PG takes no card details over the REST API, when a token is minted (\`signRegistrationToken\`, \`POST /v1/tokens\`), on \`POST /v1/charges\`, and at start-up (the \`pg\` option, \`IMPCARD_PG\`): \`PG_NOT_SUPPORTED\` (422; a \`ConfigError\` at start-up) naming the code to use (\`kcq\` → "did you mean kcp?"). Without \`pg\`, i’mport uses the default channel set in its console.

For every PG: the card form always sends the card number, expiry and \`birth\` (a \`YYMMDD\` date, or a corporate card’s 10-digit business registration number); the first two password digits are required for personal cards and optional for corporate cards, unless a PG below says otherwise. Whether a PG really needs them depends on the PG and the contract (OAS).

This page is generated from [server/app/pg-table.ts](../server/app/pg-table.ts) by \`npm run docs:pgs\`; do not edit it by hand. The source tags are explained at the end.`;
}

const SOURCES: readonly [tag: string, en: string, ko: string][] = [
  [
    'OAS',
    'i’mport’s V1 OpenAPI schema, `portone-io/developers.portone.io` `src/schema/v1.openapi.json`',
    '아임포트 V1 OpenAPI 스키마, `portone-io/developers.portone.io`의 `src/schema/v1.openapi.json`',
  ],
  [
    'NONAUTH',
    'the key-in and billing-key guide, same repository, `src/routes/(root)/opi/ko/integration/start/v1/non-auth.mdx`',
    '비인증 결제·빌링키 가이드, 같은 저장소의 `src/routes/(root)/opi/ko/integration/start/v1/non-auth.mdx`',
  ],
  [
    'PGDOC/x',
    'the per-PG pages, same repository, `src/routes/(root)/opi/ko/integration/pg/v1/<x>`',
    'PG사별 연동 문서, 같은 저장소의 `src/routes/(root)/opi/ko/integration/pg/v1/<x>`',
  ],
  [
    'RN/date',
    'release notes, same repository, `src/routes/(root)/release-notes/(note)/api-sdk/<date>.mdx`',
    '릴리스 노트, 같은 저장소의 `src/routes/(root)/release-notes/(note)/api-sdk/<date>.mdx`',
  ],
  [
    'OLDGUIDE',
    'the same repository at commit `27fe7eaf` (2023): `en/tips/pg-codes.mdx`, `en/tips/billing-key-issuance-by-pg.mdx`, `ko/auth/guide-1/bill/pg.mdx`',
    '같은 저장소의 2023년 커밋 `27fe7eaf`: `en/tips/pg-codes.mdx`, `en/tips/billing-key-issuance-by-pg.mdx`, `ko/auth/guide-1/bill/pg.mdx`',
  ],
  [
    'MANUAL',
    '`iamport/iamport-manual`: `비인증결제/README.md` and `비인증결제/example/*.md` (per-PG REST and window guides)',
    '`iamport/iamport-manual`: `비인증결제/README.md`, `비인증결제/example/*.md` (PG사별 REST API·결제창 가이드)',
  ],
  [
    '§6.2, §6.3',
    'i’mport’s list of PG codes (OLDGUIDE `en/tips/pg-codes.mdx` and the PGDOC pages), and which PGs support what (NONAUTH, the OLDGUIDE billing table, MANUAL), as summarised by impcard’s maintainers',
    '아임포트 PG사 코드 목록(OLDGUIDE `en/tips/pg-codes.mdx`, PGDOC 문서)과 PG사별 지원 범위(NONAUTH, OLDGUIDE 빌링 표, MANUAL)를 impcard가 정리한 것',
  ],
];

const cell = (text: string) => text.replaceAll('|', '\\|');

function mark(lang: DocLanguage, fact: Cited<boolean | undefined>): string {
  const w = WORDS[lang];
  const value = fact.value === undefined ? w.unknown : fact.value ? w.yes : w.no;
  return fact.unconfirmed ? `${value} (${w.unconfirmed})` : value;
}

function corporate(lang: DocLanguage, facts: PgFacts): string {
  return facts.corporate.value ? WORDS[lang].corporateYes : mark(lang, facts.corporate);
}

const flowFact = (facts: PgFacts, flow: PgFlow): Cited<boolean> =>
  flow === 'billing_key'
    ? facts.billingKey
    : flow === 'payment'
      ? facts.payment
      : flow === 'billing_key_and_payment'
        ? facts.billingKeyAndPayment
        : facts.again;

function summary(lang: DocLanguage): string {
  const w = WORDS[lang];
  const header = [w.code, w.pg, ...FLOWS.map((f) => w.flow[f]), w.corporate];
  const rows = PG_CODES.filter((code) => PG_TABLE[code].restKeyIn.value).map((code) => {
    const facts = PG_TABLE[code];
    return [
      `[\`${code}\`](#${code})`,
      facts.label[lang],
      ...FLOWS.map((flow) => mark(lang, flowFact(facts, flow))),
      facts.corporate.value ? w.yes : mark(lang, facts.corporate),
    ];
  });
  return table(header, rows);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...rows]
    .map((row) => `| ${row.map(cell).join(' | ')} |`)
    .join('\n');
}

function restSection(lang: DocLanguage, code: string, facts: PgFacts): string {
  const w = WORDS[lang];
  const lines = [`### <a id="${code}"></a>${facts.label[lang]} (\`${code}\`)`, ''];
  lines.push(`- ${w.channels}: ${facts.channels.map((c) => `\`${c}\``).join(', ')}`);
  lines.push(`- ${w.supports}:`);
  for (const flow of FLOWS) {
    const fact = flowFact(facts, flow);
    lines.push(`  - ${w.flowPlain[flow]}: ${mark(lang, fact)} (${fact.source})`);
  }
  const required = FIELDS.filter((f) => facts.requires[f]);
  if (required.length === 0) {
    lines.push(`- ${w.requires}: ${w.requiresNone}`);
  } else {
    lines.push(`- ${w.requires}:`);
    for (const field of required) {
      const rule = facts.requires[field]!;
      const flows = rule.value.map((f) => w.flow[f]).join(', ');
      lines.push(`  - ${FIELD_NAMES[lang][field]}, ${w.in}: ${flows} (${rule.source})`);
    }
  }
  lines.push(`- ${w.corporate}: ${corporate(lang, facts)} (${facts.corporate.source})`);
  const refused = FLOWS.filter((flow) => !pgAllows(facts, flow));
  const missing = required.filter((f) => f !== 'birth');
  if (refused.length > 0 || missing.length > 0) {
    lines.push(`- ${w.otherwise}:`);
    for (const flow of refused) {
      lines.push(
        `  - ${w.flowPlain[flow]}: \`PG_NOT_SUPPORTED\` (422), "${pgCodeRefusal(code, flow)}"`,
      );
    }
    if (missing.length > 0) {
      lines.push(
        lang === 'ko'
          ? `  - 필수 항목이 빠지면: 토큰 발급·결제 요청·카드 등록 시 \`PG_NOT_SUPPORTED\` (422), 빠진 항목을 메시지에 적습니다`
          : `  - a required field missing: \`PG_NOT_SUPPORTED\` (422) at token mint, charge or registration, naming the field`,
      );
    }
  }
  if (facts.notes.length > 0) {
    lines.push(`- ${w.notes}:`);
    for (const note of facts.notes) {
      const flag = note.unconfirmed ? ` [${w.unconfirmed}]` : '';
      lines.push(`  - ${note[lang]}${flag} (${note.source})`);
    }
  }
  return lines.join('\n');
}

function windowTable(lang: DocLanguage): string {
  const w = WORDS[lang];
  const rows = PG_CODES.filter((code) => !PG_TABLE[code].restKeyIn.value).map((code) => {
    const facts = PG_TABLE[code];
    const instead = facts.instead
      ? `\`${facts.instead.value}\`${facts.instead.unconfirmed ? ` (${w.unconfirmed})` : ''}`
      : w.window;
    const sources = [
      facts.restKeyIn.source,
      facts.instead?.source,
      facts.again.value ? facts.again.source : undefined,
    ]
      .filter((s) => s !== undefined)
      .join('; ');
    return [
      `\`${code}\``,
      facts.label[lang],
      instead,
      mark(lang, facts.again),
      `\`PG_NOT_SUPPORTED\`: "${pgCodeRefusal(code, 'payment')}"`,
      sources,
    ];
  });
  return table([w.code, w.pg, w.instead, w.flow.again, w.answer, w.source], rows);
}

/** The page for `lang`, formatted as the repository's prettier formats markdown. */
export async function renderPgsDoc(lang: DocLanguage): Promise<string> {
  const w = WORDS[lang];
  const sections = PG_CODES.filter((code) => PG_TABLE[code].restKeyIn.value).map((code) =>
    restSection(lang, code, PG_TABLE[code]),
  );
  const windowIntro =
    lang === 'ko'
      ? '아래 코드로 토큰을 발급하면 impcard가 거절합니다(카드 정보를 보내지 않습니다). 카드 정보는 각 PG사의 결제창으로 받고, 결제창에서 발급한 빌링키는 `빌링키 결제` 열이 `가능`이면 `POST /v1/charges`로 결제할 수 있습니다.'
      : 'A token naming one of these codes is refused (impcard never sends them card details). Take the card in the PG’s payment window; a billing key issued there can be charged with `POST /v1/charges` where the “Charge a key” column says yes.';
  const text = [
    `# ${w.title}`,
    '',
    '<!-- Generated by `npm run docs:pgs` from server/app/pg-table.ts: edit the table, not this file. -->',
    '',
    w.other,
    '',
    intro(lang),
    '',
    `## ${w.summaryHeading}`,
    '',
    summary(lang),
    '',
    `## ${w.restHeading}`,
    '',
    sections.join('\n\n'),
    '',
    `## ${w.windowHeading}`,
    '',
    windowIntro,
    '',
    windowTable(lang),
    '',
    `## ${w.sources}`,
    '',
    ...SOURCES.map(([tag, en, ko]) => `- **${tag}**: ${lang === 'ko' ? ko : en}`),
    '',
  ].join('\n');
  const config = (await prettier.resolveConfig(PGS_DOC_PATHS[lang])) ?? {};
  return prettier.format(text, { ...config, parser: 'markdown' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('../../', import.meta.url);
  for (const lang of ['en', 'ko'] as const) {
    writeFileSync(new URL(PGS_DOC_PATHS[lang], root), await renderPgsDoc(lang));
  }
}
