import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable codes of the sandbox's own refusals; the i'mport `code` and HTTP status travel with them. */
export type SandboxErrorCode =
  | 'MALFORMED_BODY'
  | 'BODY_TOO_LARGE'
  | 'MISSING_CREDENTIALS'
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHORIZED'
  | 'INVALID_PARAMETER'
  | 'NOT_FOUND'
  | 'CUSTOMER_NOT_FOUND'
  | 'UNKNOWN_CUSTOMER'
  | 'ALREADY_PAID'
  | 'PG_NOT_SUPPORTED'
  | 'PG_ERROR'
  | 'CANCEL_TARGET_MISSING'
  | 'CANCEL_NOT_FOUND'
  | 'CANCEL_NOT_ALLOWED'
  | 'CHECKSUM_MISMATCH'
  | 'CANCEL_AMOUNT_EXCEEDED'
  | 'INVALID_FAULT';

/**
 * A refusal that becomes the `{code, message, response: null}` envelope. `impCode` is what i'mport
 * puts in `code` (-1 for PG/lookup failures, 1 for business errors); `status` is the HTTP status.
 */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  readonly code: SandboxErrorCode;
  readonly impCode: number;
  readonly status: ContentfulStatusCode;

  constructor(
    code: SandboxErrorCode,
    message: string,
    options: { impCode?: number; status?: ContentfulStatusCode; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.impCode = options.impCode ?? 1;
    this.status = options.status ?? 200;
  }
}

export function isSandboxError(e: unknown, code?: SandboxErrorCode): e is SandboxError {
  return e instanceof SandboxError && (code === undefined || e.code === code);
}

/** Thrown at start-up (or by `injectFault`) for a bad option; never produced by a request. */
export class SandboxConfigError extends Error {
  override readonly name = 'SandboxConfigError';
  readonly code = 'SANDBOX_CONFIG_INVALID';
}
