export { businessNumberValid } from './business-number-valid.ts';
export {
  CARD_BRANDS,
  detectBrand,
  maxCardDigits,
  type BrandInfo,
  type CardBrand,
} from './card-brand.ts';
export {
  MAX_EXPIRY_YEARS,
  checkField,
  isFieldComplete,
  type CheckFieldOptions,
} from './check-field.ts';
export {
  ERROR_CODES,
  isErrorCode,
  isFormErrorCode,
  MERCHANT_ONLY_ERROR_CODES,
  type ErrorCode,
  type FormErrorCode,
  type MerchantOnlyErrorCode,
} from './error-code.ts';
export {
  CARD_FIELDS,
  FIELD_ERROR_CODES,
  isFieldErrorCode,
  type CardField,
  type FieldErrorCode,
} from './field-error-code.ts';
export { FrameDetachedError, isFrameDetachedError } from './frame-detached-error.ts';
export { fieldErrorsOf, type FieldErrors, type IssueLike } from './field-errors-of.ts';
export { koreaToday, type CalendarDay } from './korea-date.ts';
export { luhnValid } from './luhn-valid.ts';
export {
  RegistrationRequestSchema,
  type RegistrationRequest,
  type RegistrationRequestInput,
} from './registration-request.ts';
export { toRegistrationRequest, type CardDigits } from './to-registration-request.ts';
export {
  BillingKeyResultSchema,
  FieldErrorsSchema,
  MaskedCardNumberSchema,
  PaymentResultSchema,
  RegistrationFailureSchema,
  RegistrationResultSchema,
  RegistrationSuccessSchema,
  type BillingKeyResult,
  type PaymentResult,
  type RegistrationFailure,
  type RegistrationResult,
  type RegistrationSuccess,
} from './registration-result.ts';
export { TOKEN_MODES, TokenModeSchema, type TokenMode } from './token-mode.ts';
export { groupDigits } from './wire-card-number.ts';
