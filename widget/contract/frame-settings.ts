import * as v from 'valibot';
import { FORWARDED_ATTRIBUTES, THEME_PROPERTIES } from './frame-messages.ts';

// Host → frame messages of isolated mode (the frame → host side is in frame-messages.ts). The frame
// parses each one with these schemas; the merchant's values (texts, theme, appearance) are checked
// here too, so a page cannot style its way into loading anything or breaking out of a declaration.

/** The parts an appearance rule may style, each alone or with one state. */
export const APPEARANCE_PARTS = [
  'form',
  'order',
  'field',
  'label',
  'input',
  'hint',
  'error',
  'brand',
  'toggle',
  'submit',
  'spinner',
  'status',
  'retry',
] as const;

/** The CSS properties an appearance rule may set: looks only, nothing that loads or positions. */
export const APPEARANCE_PROPERTIES = [
  'color',
  'background-color',
  'border',
  'border-color',
  'border-width',
  'border-style',
  'border-radius',
  'box-shadow',
  'outline',
  'outline-offset',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'line-height',
  'text-transform',
  'text-align',
  'padding',
  'margin',
  'gap',
  'min-height',
  'height',
  'opacity',
  'transition',
  'cursor',
] as const;

/** A CSS value that cannot end its declaration, open a block or load anything. */
export const CssValueSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.check((s) => !/[;{}<>\\@]|url\(|image-set\(/i.test(s), 'unsafe CSS value'),
);

const partSelector = new RegExp(
  `^(${APPEARANCE_PARTS.join('|')})(:(hover|focus|focus-visible|disabled|invalid))?$`,
);

/**
 * What `::part()` did inline, across the frame: CSS declarations per part (`input`, `input:focus`,
 * `submit:hover`…) and stylesheets on the impcard origin that bring fonts (`@font-face`).
 */
export const AppearanceSchema = v.object({
  rules: v.optional(
    v.record(
      v.pipe(v.string(), v.regex(partSelector)),
      v.record(v.picklist(APPEARANCE_PROPERTIES), CssValueSchema),
    ),
  ),
  fonts: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(5))),
});

/** Overrides of the form's texts, any subset of its translation tree. */
export type ImpCardMessagesTree = { [key: string]: string | ImpCardMessagesTree };
/** Overrides of the form's texts (`el.messages`): nested objects of strings. */
export const MessagesSchema: v.GenericSchema<ImpCardMessagesTree> = v.record(
  v.string(),
  v.union([v.pipe(v.string(), v.maxLength(500)), v.lazy(() => MessagesSchema)]),
);

/** Host → frame: everything the form shows and how, sent on connect and after each change. */
export const FrameSettingsSchema = v.object({
  type: v.literal('settings'),
  attributes: v.record(v.picklist(FORWARDED_ATTRIBUTES), v.nullable(v.string())),
  // The merchant's values pass through the host unchecked (its size budget): what does not fit is
  // dropped here, in the frame, which warns in the console (see frame-entry.ts).
  messages: v.fallback(MessagesSchema, {}),
  theme: v.record(v.picklist(THEME_PROPERTIES), v.fallback(CssValueSchema, '')),
  appearance: v.fallback(AppearanceSchema, {}),
  disabled: v.boolean(),
});

/**
 * Host → frame: a method of the element, called by the page; answered by `done` with the same id.
 * `reportValidity`: a surrounding form's submit found the element invalid: show the errors, focus the first.
 */
export const FrameCallSchema = v.object({
  type: v.literal('call'),
  id: v.number(),
  method: v.picklist(['submit', 'reset', 'focus', 'reportValidity']),
});

/** Host → frame: the page's listeners did (not) cancel `imp-card-submit`. */
export const FrameVerdictSchema = v.object({ type: v.literal('verdict'), proceed: v.boolean() });

/** Every message the host sends over the channel. */
export const HostMessageSchema = v.variant('type', [
  FrameSettingsSchema,
  FrameCallSchema,
  FrameVerdictSchema,
]);

/** The documented appearance object (`el.appearance = {…}`). */
export type ImpCardAppearance = v.InferOutput<typeof AppearanceSchema>;
export type FrameSettings = v.InferOutput<typeof FrameSettingsSchema>;
/** Every message the host sends over the channel. */
export type HostMessage = v.InferOutput<typeof HostMessageSchema>;
