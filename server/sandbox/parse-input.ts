import * as v from 'valibot';
import { SandboxError } from './sandbox-error.ts';

/**
 * Parses a decoded body or query against a schema. The first problem becomes a code 1 envelope
 * naming the field (never its value), like i'mport's own parameter errors.
 */
export function parseInput<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  const missing = issue.input === undefined || issue.input === null;
  const message =
    field === ''
      ? '요청 파라메터 형식이 올바르지 않습니다.'
      : missing
        ? `${field} 파라메터가 누락되었습니다.`
        : `${field} 파라메터의 형식이 올바르지 않습니다.`;
  throw new SandboxError('INVALID_PARAMETER', message, { impCode: 1 });
}
