import * as v from 'valibot';
import { CARD_BRANDS } from './card-brand.ts';
import { ERROR_CODES } from './error-code.ts';
import { CARD_FIELDS, FIELD_ERROR_CODES } from './field-error-code.ts';
import { FieldErrorsSchema, RegistrationSuccessSchema } from './registration-result.ts';
import { TOKEN_MODES } from './token-mode.ts';

// (The host's side, settings and calls, is in frame-settings.ts: the page-side script does not
// parse what it sends, and its 4 KB budget has no room for those schemas.)

// Isolated mode's messages between the page-side host (`<imp-card-form>` on the merchant page) and
// the frame that runs the real form on the impcard origin. Both sides parse every message they
// receive with these schemas. None of them has a place for card data: the frame reports states,
// codes and the server's masked result, and the host sends settings and method calls.

/** The frame's first word, to `parent` with the host page's exact origin: "listening, connect me". */
export const FrameReadySchema = v.object({ type: v.literal('impcard:ready') });

/** The host's answer to the frame's window, carrying the frame's end of a `MessageChannel`. */
export const FrameConnectSchema = v.object({ type: v.literal('impcard:connect') });

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
]);

/** Every message the frame sends over the channel. */
export type FrameMessage = v.InferOutput<typeof FrameMessageSchema>;

/**
 * What the host checks of each frame message: the envelope it acts on. The frame parsed the whole
 * message with {@link FrameMessageSchema} before sending it, so the details (re-dispatched as they
 * are) are already the contract's; the page-side script's 4 KB budget has no room for their schemas.
 */
export const FrameEnvelopeSchema = v.variant('type', [
  v.object({
    type: v.picklist(['change', 'submit', 'success', 'failure']),
    detail: v.looseObject({}),
  }),
  v.object({ type: v.literal('validity'), message: v.string() }),
  v.object({ type: v.literal('resize'), height: v.number() }),
  v.object({ type: v.literal('done'), id: v.number() }),
]);
