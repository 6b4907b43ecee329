export { CARD_ISSUER_PREFIXES, detectIssuer, type CardIssuer } from './card-issuer.ts';
export { digitsOf } from './digits-of.ts';
export { formatValue } from './format-value.ts';
export { maskInput, type MaskEdit, type MaskResult } from './mask-input.ts';
export { maxDigits, type MaskKind } from './mask-kind.ts';
