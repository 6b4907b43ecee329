// The widget shows a text of its own for every failure of the call it makes: a code the
// registration route can answer without a Korean and an English text would reach the customer as
// the server's English message. The codes are read from the OpenAPI document, which the contract
// fuzz holds to what the route really answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isErrorCode } from '../../../widget/contract/index.ts';
import { translations } from '../../../widget/i18n/index.ts';
import { buildOpenApiDocument } from './build-openapi-document.ts';

interface FailureResponse {
  content?: {
    'application/json'?: { schema?: { allOf?: { properties?: { code?: { enum?: string[] } } }[] } };
  };
}

/** The codes a route's failure answers (4xx and 5xx) document. */
function failureCodes(path: string, method: 'post'): string[] {
  const document = buildOpenApiDocument() as unknown as {
    paths: Record<string, Record<string, { responses: Record<string, FailureResponse> }>>;
  };
  const responses = document.paths[path]![method]!.responses;
  return Object.entries(responses)
    .filter(([status]) => Number(status) >= 400)
    .flatMap(([, r]) =>
      (r.content?.['application/json']?.schema?.allOf ?? []).flatMap(
        (part) => part.properties?.code?.enum ?? [],
      ),
    );
}

describe('the widget’s texts for what POST /v1/registrations answers', () => {
  const codes = failureCodes('/v1/registrations', 'post');

  it('reads the codes of the document (a check of the reading)', () => {
    for (const code of ['CARD_DECLINED', 'OUTCOME_UNKNOWN', 'RATE_LIMITED', 'INVALID_REQUEST']) {
      assert.ok(codes.includes(code), code);
    }
  });

  it('has a Korean and an English text for every one of them', () => {
    // Read as open records: a merchant-only code answered here would be a missing text.
    const ko: Partial<Record<string, string>> = translations.ko.errors;
    const en: Partial<Record<string, string>> = translations.en.errors;
    const missing = codes.filter((code) => !isErrorCode(code) || !ko[code] || !en[code]);
    assert.deepEqual(missing, []);
    for (const code of codes.filter(isErrorCode)) {
      assert.match(ko[code] ?? '', /[가-힣]/, code);
      assert.notEqual(ko[code], en[code], code);
    }
  });
});
