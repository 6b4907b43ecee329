import type { ErrorCode, RegistrationSuccess } from '../contract/index.ts';

/** Where the current attempt stands; one value, so no impossible mix of flags. */
export type SubmitState =
  | { status: 'idle' }
  /** The last submit stopped at validation: `count` fields need fixing. */
  | { status: 'invalid'; count: number }
  | { status: 'submitting' }
  | { status: 'success'; result: RegistrationSuccess }
  | { status: 'failure'; code: ErrorCode; message: string; reason?: string; retryable: boolean }
  | { status: 'network-error' };
