import { unsafeCSS } from 'lit';

// Every colour has a light and a dark value picked by `color-scheme`: light unless the `theme`
// attribute says `dark`, or `auto` (the OS setting; a white shop page with a dark OS stays light).
// Every one can be replaced through its `--imp-card-*` property.
// `unsafeCSS` of a constant, not the css`…` tag: the same CSSResult, without the tag's own code in
// the script-tag bundle (149 B gzipped). Nothing in it comes from outside this file.
export const impCardFormStyles = unsafeCSS(`
  :host {
    display: block;
    color-scheme: light;
    --a: var(--imp-card-accent, light-dark(#2f5fe3, #7c9cff));
    --l: var(--imp-card-border-color, light-dark(#d3d8e0, #363b47));
    /* Inputs' default border is darker: it is what shows where a field is (3:1, WCAG 1.4.11). */
    --li: var(--imp-card-border-color, light-dark(#8b93a3, #6b7385));
    --m: var(--imp-card-muted-color, light-dark(#5f6779, #9aa3b5));
    --e: var(--imp-card-error-color, light-dark(#c8281c, #ff8a80));
    --r: var(--imp-card-field-radius, 9px);
    font: 15px/1.45 var(--imp-card-font, system-ui, sans-serif);
    color: var(--imp-card-color, light-dark(#161b26, #e8ebf1));
    word-break: keep-all;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  form {
    display: grid;
    grid-template-columns: 1fr 1fr;
    column-gap: 12px;
    padding: 24px;
    background: var(--imp-card-background, light-dark(#fff, #15171d));
    border: 1px solid var(--l);
    border-radius: var(--imp-card-radius, 14px);
    box-shadow: 0 12px 32px -14px #0003;
  }
  .w,
  .card_number,
  .birth {
    grid-column: 1/-1;
  }
  slot.w {
    display: block;
  }
  .order {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    margin-bottom: 20px;
    padding-bottom: 14px;
    border-bottom: 1px solid var(--l);
  }
  .order span {
    /* The name comes from the token: a long unbroken one wraps instead of widening the form. */
    min-width: 0;
    overflow-wrap: anywhere;
    color: var(--m);
  }
  .order b {
    font-size: 20px;
  }
  /* Each field spans four rows of the form's grid (label, input, hint, error) as a subgrid, so
     expiry and password inputs stay level when one label wraps. */
  .f {
    display: grid;
    grid-row: span 4;
    grid-template-rows: subgrid;
    margin-bottom: var(--imp-card-spacing, 16px);
  }
  /* A badge too long to sit beside the label (a narrow phone) takes its own line. */
  .row {
    flex-wrap: wrap;
    margin-bottom: 6px;
  }
  .row,
  .box,
  .toggle {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .row {
    justify-content: space-between;
  }
  /* Korean or English texts keep their own direction on a right-to-left page: the full stop ends
     the sentence; the input and its dots stay left to right. */
  label,
  p,
  .status {
    unicode-bidi: plaintext;
  }
  .box {
    direction: ltr;
  }
  label {
    font-size: 13px;
    font-weight: 600;
  }
  .box input {
    box-sizing: border-box;
    width: 100%;
    height: 46px;
    padding: 0 12px;
    font: inherit;
    font-size: 16px;
    font-variant-numeric: tabular-nums;
    color: inherit;
    background: var(--imp-card-field-background, light-dark(#fbfcfd, #1d2028));
    border: 1px solid var(--li);
    border-radius: var(--r);
    outline: 0;
  }
  #pwd_2digit {
    width: 64px;
    text-align: center;
  }
  ::placeholder,
  .hint,
  .dots {
    color: var(--m);
  }
  input:focus,
  button:focus-visible {
    border-color: var(--a);
    box-shadow: var(--imp-card-focus-ring, 0 0 0 3px color-mix(in srgb, var(--a) 30%, transparent));
    /* Invisible here; forced colours (Windows high contrast) drop the box-shadow but paint this. */
    outline: 2px solid transparent;
  }
  /* As specific as '.box input', which would otherwise keep its plain border. */
  .box [aria-invalid='true'] {
    border-color: var(--e);
  }
  /* Beside the label, not inside the input: it never covers digits, at any width or zoom; a long
     text ends in an ellipsis. */
  .brand {
    flex-shrink: 0;
    max-width: 100%;
    box-sizing: border-box;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    padding: 3px 8px;
    font-size: 11px;
    font-weight: 700;
    border-radius: 6px;
    color: var(--a);
    /* A light tint: the 11px badge text keeps 4.5:1 against it (WCAG AA). */
    background: color-mix(in srgb, var(--a) 8%, transparent);
  }
  p {
    margin: 6px 0 0;
    font-size: 12.5px;
  }
  .error,
  .status {
    color: var(--e);
  }
  p:empty {
    display: none;
  }
  /* Empty but not display:none: a live region must be in the tree before its text changes. */
  .brand:empty {
    padding: 0;
  }
  /* The label is the switch's touch target: 44px tall (WCAG 2.5.5) without moving the row. */
  .toggle {
    color: var(--m);
    padding: 13px 0;
    margin: -13px 0;
  }
  /* Drawn here, not by the engine: WebKit paints a native checkbox white in the dark theme. The
     knob is the text colour, on the accent once on. */
  .toggle input {
    appearance: none;
    width: 30px;
    height: 18px;
    margin: 0;
    border: 1px solid var(--li);
    border-radius: 9px;
    background: radial-gradient(currentColor 45%, #0000 50%) 0 / 16px no-repeat;
  }
  .toggle :checked {
    color: var(--imp-card-on-accent, light-dark(#fff, #0d1120));
    background-color: var(--a);
    background-position: 100%;
    border-color: var(--a);
  }
  /* Forced colours drop the knob (a gradient): the engine's own checkbox shows the state there. */
  @media (forced-colors: active) {
    .toggle input {
      appearance: auto;
    }
  }
  button {
    display: flex;
    justify-content: center;
    align-items: center;
    gap: 8px;
    width: 100%;
    height: 48px;
    font: inherit;
    font-weight: 600;
    color: var(--imp-card-on-accent, light-dark(#fff, #0d1120));
    background: var(--a);
    border: 0;
    border-radius: var(--r);
    cursor: pointer;
  }
  [aria-disabled='true'] {
    opacity: 0.65;
    cursor: progress;
  }
  .retry {
    width: auto;
    height: 44px;
    margin-top: 10px;
    padding: 0 16px;
  }
  .spinner {
    width: 14px;
    height: 14px;
    border: 2px solid;
    border-right-color: #0000;
    border-radius: 50%;
    animation: spin 0.7s linear infinite;
  }
  @keyframes spin {
    to {
      rotate: 1turn;
    }
  }
  .status:not(:empty) {
    margin-top: 12px;
    padding: 10px 12px;
    border-radius: var(--r);
    background: color-mix(in srgb, currentColor 9%, transparent);
  }
  .ok {
    color: var(--imp-card-success-color, light-dark(#0b7a45, #5fd897));
  }
`);
