import type { ErrorCode, RegistrationSuccess } from '../contract/index.ts';

/** Where the current attempt stands; one value, so no impossible mix of flags. */
export type SubmitState =
  | { status: 'idle' }
  /** The last submit stopped at validation: `count` fields need fixing. */
  | { status: 'invalid'; count: number }
  | { status: 'submitting' }
  | { status: 'success'; result: RegistrationSuccess }
  /**
   * A refusal. Only the code and the server's own words are kept, not a translated text, so the
   * message follows the language when the customer switches it afterwards.
   */
  | {
      status: 'failure';
      code: ErrorCode;
      /** The server's message: shown only for a code this widget has no text for. */
      serverMessage: string;
      reason?: string;
      retryable: boolean;
    }
  | { status: 'network-error' };
