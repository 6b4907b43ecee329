export {
  signRegistrationToken,
  generateMerchantUid,
  DEFAULT_TOKEN_TTL_SECONDS,
  type SignedRegistrationToken,
  type SignOptions,
} from './sign-registration-token.ts';
export { verifyRegistrationToken } from './verify-registration-token.ts';
export {
  TokenRequestSchema,
  type TokenRequest,
  type TokenRequestInput,
} from './token-request-schema.ts';
