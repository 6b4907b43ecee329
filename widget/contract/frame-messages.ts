import * as v from 'valibot';
import { CARD_BRANDS } from './card-brand.ts';
import { ERROR_CODES } from './error-code.ts';
import { CARD_FIELDS, FIELD_ERROR_CODES } from './field-error-code.ts';
import { FieldErrorsSchema, RegistrationSuccessSchema } from './registration-result.ts';
import { TOKEN_MODES } from './token-mode.ts';

// (The host's side, settings and calls, is in frame-settings.ts: the page-side script does not
// parse what it sends, and its 4 KB budget has no room for those schemas.)

// Isolated mode's messages between the page-side host (`<imp-card-form>` on the merchant page) and
// the frame that runs the real form on the impcard origin. The frame parses every message with
// these schemas, the host checks what it acts on with `isFrameEnvelope`. None of them has a place
// for card data: the frame reports states, codes and the server's masked result, and the host
// sends settings and method calls.

/** The frame's first word, `{type}` to `parent` with the host page's exact origin: "listening, connect me". */
export const FRAME_READY = 'impcard:ready';

/**
 * The only word of `GET /frame`'s refusal page (server/app/routes/frame.ts), `{type}` to `parent`:
 * "this page's origin is not in IMPCARD_ALLOWED_ORIGINS". It carries nothing else, so the page
 * posts it to any origin; the host believes it from its own frame on the impcard origin only.
 */
export const FRAME_REFUSED = 'impcard:refused';

/** The host's answer to the frame's window, carrying the frame's end of a `MessageChannel`. */
export const FRAME_CONNECT = 'impcard:connect';

/**
 * The connect message: `n` is the nonce the host put in the fragment of the frame's URL, the one
 * proof that the connect comes from the host that made the frame (docs/isolation.md).
 */
export const FrameConnectSchema = v.object({ type: v.literal(FRAME_CONNECT), n: v.string() });

/** The attributes a host forwards to the form in its frame (`endpoint` never: the frame posts to its own origin). */
export const FORWARDED_ATTRIBUTES = [
  'token',
  'lang',
  'theme',
  'corporate',
  'timeout',
  'card-number-label',
  'expiry-label',
  'birth-label',
  'password-label',
] as const;

/** The `--imp-card-*` custom properties the host reads on the page and sets inside the frame. */
export const THEME_PROPERTIES = [
  '--imp-card-accent',
  '--imp-card-on-accent',
  '--imp-card-color',
  '--imp-card-muted-color',
  '--imp-card-background',
  '--imp-card-field-background',
  '--imp-card-border-color',
  '--imp-card-error-color',
  '--imp-card-success-color',
  '--imp-card-radius',
  '--imp-card-field-radius',
  '--imp-card-spacing',
  '--imp-card-font',
  '--imp-card-focus-ring',
] as const;

const FieldStateSchema = v.object({
  complete: v.boolean(),
  valid: v.boolean(),
  error: v.nullable(v.picklist(FIELD_ERROR_CODES)),
});

/** Frame → host: every message the frame sends over the channel. */
export const FrameMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('change'),
    detail: v.object({
      field: v.picklist(CARD_FIELDS),
      brand: v.picklist(CARD_BRANDS),
      corporate: v.boolean(),
      complete: v.boolean(),
      fields: v.object({
        card_number: FieldStateSchema,
        expiry: FieldStateSchema,
        birth: FieldStateSchema,
        pwd_2digit: FieldStateSchema,
      }),
    }),
  }),
  /** The form's validation message, '' when valid: names the problem, never the value. */
  v.object({ type: v.literal('validity'), message: v.pipe(v.string(), v.maxLength(300)) }),
  v.object({
    type: v.literal('submit'),
    detail: v.object({
      brand: v.picklist(CARD_BRANDS),
      corporate: v.boolean(),
      mode: v.nullable(v.picklist(TOKEN_MODES)),
    }),
  }),
  v.object({ type: v.literal('success'), detail: RegistrationSuccessSchema }),
  v.object({
    type: v.literal('failure'),
    detail: v.object({
      code: v.picklist(ERROR_CODES),
      message: v.pipe(v.string(), v.maxLength(500)),
      fields: v.optional(FieldErrorsSchema),
      reason: v.optional(v.pipe(v.string(), v.maxLength(500))),
    }),
  }),
  v.object({ type: v.literal('resize'), height: v.pipe(v.number(), v.minValue(0)) }),
  v.object({ type: v.literal('done'), id: v.number() }),
  /** The frame's document is going away (a reload, a navigation): no call will be answered. */
  v.object({ type: v.literal('gone') }),
  /** The frame refused a connect that did not carry this host's nonce: a page script's. */
  v.object({ type: v.literal('claimed') }),
  /**
   * A field could not take focus (WebKit refuses it to a cross-origin frame the customer has not
   * interacted with): the frame asks to be focused, and moves focus to the field on the first key.
   */
  v.object({ type: v.literal('focus') }),
]);

/** Every message the frame sends over the channel. */
export type FrameMessage = v.InferOutput<typeof FrameMessageSchema>;

/** What the host acts on in a frame message: its type and the one field that type needs. */
export type FrameEnvelope =
  | { type: 'change' | 'submit' | 'success' | 'failure'; detail: object }
  | { type: 'validity'; message: string }
  | { type: 'resize'; height: number }
  | { type: 'done'; id: number }
  | { type: 'gone' }
  | { type: 'claimed' }
  | { type: 'focus' };

/**
 * The host's check of each frame message: the envelope it acts on. The frame parsed the whole
 * message with {@link FrameMessageSchema} before sending it, so the details (re-dispatched as they
 * are) are already the contract's. Written out rather than a valibot schema: valibot's runtime was
 * a third of the page-side script's 4 KB budget. frame-messages.test.ts holds it to a valibot
 * schema of the same envelope.
 */
export function isFrameEnvelope(data: unknown): data is FrameEnvelope {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Partial<Record<string, unknown>>;
  switch (m.type) {
    case 'change':
    case 'submit':
    case 'success':
    case 'failure':
      return typeof m.detail === 'object' && m.detail !== null;
    case 'validity':
      return typeof m.message === 'string';
    case 'resize':
      return typeof m.height === 'number' && m.height >= 0;
    case 'done':
      // A number that is not NaN (`+` on an object could run its valueOf: never on one).
      return typeof m.id === 'number' && m.id === m.id;
    case 'gone':
    case 'claimed':
    case 'focus':
      return true;
  }
  return false;
}
