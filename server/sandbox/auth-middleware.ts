import type { MiddlewareHandler } from 'hono';
import { SandboxError } from './sandbox-error.ts';
import type { TokenIssuer } from './token-issuer.ts';

/** The token from `Authorization: Bearer t`, `Authorization: t` or `X-ImpTokenHeader: t`. */
export function tokenFromHeaders(
  authorization: string | undefined,
  impHeader: string | undefined,
): string | null {
  const auth = authorization?.trim();
  if (auth !== undefined && auth !== '') {
    const bearer = /^bearer\s+(\S+)$/i.exec(auth);
    return bearer?.[1] ?? (/\s/.test(auth) ? null : auth);
  }
  const raw = impHeader?.trim();
  return raw === undefined || raw === '' ? null : raw;
}

/** Rejects requests without a live access token with i'mport's 401 envelope. */
export function requireToken(tokens: TokenIssuer): MiddlewareHandler {
  return async function checkToken(c, next) {
    const token = tokenFromHeaders(c.req.header('authorization'), c.req.header('x-imptokenheader'));
    if (token === null || !tokens.isValid(token)) {
      throw new SandboxError('UNAUTHORIZED', 'Unauthorized', { impCode: -1, status: 401 });
    }
    await next();
  };
}
