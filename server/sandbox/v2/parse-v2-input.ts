import * as v from 'valibot';
import { PortOneApiError } from './portone-error.ts';

/** Parses a V2 body or query; the first problem is a 400 INVALID_REQUEST naming the field, never its value. */
export function parseV2Input<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  const missing = issue.input === undefined;
  const message =
    field === ''
      ? '요청 본문의 형식이 올바르지 않습니다.'
      : missing
        ? `${field} 값이 필요합니다.`
        : `${field} 값의 형식이 올바르지 않습니다.`;
  throw new PortOneApiError('INVALID_REQUEST', message);
}
