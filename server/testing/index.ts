// Test support shared by every Node test: one set of cards, one uid rule, one harness per
// boundary. Not part of the published build (tsconfig.build.json excludes server/testing).
export { fakeUpstream, type FakeRoute, type RecordedRequest } from './fake-upstream.ts';
export {
  serveFakeUpstream,
  type ServedFakeUpstream,
  type ServedRoute,
  type SocketFault,
} from './serve-fake-upstream.ts';
export {
  createInProcessIamport,
  sandboxClient,
  startIamportHarness,
  type IamportHarness,
  type InProcessIamport,
} from './iamport-harness.ts';
export { freePort, redisMissing, startRedis, type TestRedis } from './redis-server.ts';
export {
  assertRefused,
  CREDENTIALS,
  formEncode,
  okResponse,
  startSandboxHarness,
  type Answer,
  type RequestOptions,
  type SandboxHarness,
} from './sandbox-harness.ts';
export { serveOnLoopback, type Served } from './serve-on-loopback.ts';
export {
  startPortOneSandboxHarness,
  v2Credential,
  type PortOneAnswer,
  type PortOneCallOptions,
  type PortOneSandboxHarness,
} from './portone-sandbox-harness.ts';
export {
  portoneV1Conformance,
  portoneV2Conformance,
  type CheckedAnswer,
  type Conformance,
} from './openapi-conformance.ts';
export {
  API_KEY,
  createHarness,
  createSkippingHarness,
  json,
  signToken,
  TOKEN_SECRET,
  type ServerHarness,
  type ServerHarnessOptions,
} from './server-harness.ts';
export {
  BUSINESS_NUMBER,
  CARD_FIELDS,
  CARDS,
  cardBody,
  typedCard,
  VALID_CARD,
  validCard,
} from './test-cards.ts';
export { uid } from './uid.ts';
