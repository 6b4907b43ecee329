import { Hono } from 'hono';
import { ok } from '../envelope.ts';
import { parseInput } from '../parse-input.ts';
import { readBody } from '../read-params.ts';
import { GetTokenBodySchema } from '../request-schemas.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { SandboxError } from '../sandbox-error.ts';

/** `POST /users/getToken`: the shared 30-minute token (see TokenIssuer). */
export function tokenRoutes(deps: SandboxDeps): Hono {
  return new Hono().post('/users/getToken', async (c) => {
    const body = parseInput(GetTokenBodySchema, await readBody(c));
    const missing = [body.imp_key ? null : 'imp_key', body.imp_secret ? null : 'imp_secret'].filter(
      (f) => f !== null,
    );
    if (missing.length > 0) {
      throw new SandboxError(
        'MISSING_CREDENTIALS',
        `${missing.join(', ')} 파라메터가 누락되었습니다.`,
        {
          impCode: -1,
          status: 400,
        },
      );
    }
    if (body.imp_key !== deps.impKey || body.imp_secret !== deps.impSecret) {
      throw new SandboxError(
        'INVALID_CREDENTIALS',
        '인증에 실패하였습니다. API키와 secret을 확인하세요.',
        {
          impCode: -1,
          status: 401,
        },
      );
    }
    return ok(c, deps.tokens.issue());
  });
}
