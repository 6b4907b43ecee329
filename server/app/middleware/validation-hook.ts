import type { Context } from 'hono';
import { fieldErrorsOf, type IssueLike } from '../../../widget/contract/index.ts';
import { ServerError } from '../server-error.ts';

/**
 * The vValidator hook: a failed parse becomes INVALID_REQUEST with field codes only. valibot
 * issues carry the input; nothing of them but the path and our own code messages is used.
 */
export function invalidRequestHook(
  result: { success: true } | { success: false; issues: readonly IssueLike[] },
  _c: Context,
): void {
  if (result.success) return;
  const fields = fieldErrorsOf(result.issues);
  const cardFieldsWrong = Object.keys(fields).length > 0;
  throw new ServerError(
    'INVALID_REQUEST',
    cardFieldsWrong ? 'Some card details are not valid.' : 'The request body is not valid.',
    cardFieldsWrong ? { fields } : {},
  );
}

/**
 * The same for the merchant routes, whose fields are not card fields: the failing field's path
 * is named (the merchant's own data, never a card), the value never.
 */
export function invalidMerchantRequestHook(
  result:
    | { success: true }
    | { success: false; issues: readonly { path?: ReadonlyArray<{ key: unknown }> | undefined }[] },
  _c: Context,
): void {
  if (result.success) return;
  const path = result.issues[0]?.path?.map((p) => String(p.key)).join('.');
  throw new ServerError(
    'INVALID_REQUEST',
    path ? `The field "${path}" is missing or not valid.` : 'The request body is not valid.',
  );
}
