/**
 * What `submit()` of the isolated `<imp-card-form>` (`imp-card.js`) rejects with when the form's
 * frame goes away before it answers: the element was taken off the page, or the frame loaded
 * again (reloaded, navigated) and took the attempt with it. Whether the card reached the server is
 * unknown: no `imp-card-success` came, so ask the server (`GET /v1/billing-keys/{customer_uid}`,
 * `GET /v1/payments/{merchant_uid}`) before offering the customer a new attempt.
 */
export class FrameDetachedError extends Error {
  override readonly name = 'FrameDetachedError';
  readonly code = 'FRAME_DETACHED';
}

/**
 * True for a {@link FrameDetachedError}, also for one from another copy of this code (the page's
 * `imp-card.js` is not the copy an app bundles from `impcard/contract`): it checks the `code`.
 */
export function isFrameDetachedError(error: unknown): error is FrameDetachedError {
  return error instanceof Error && (error as { code?: unknown }).code === 'FRAME_DETACHED';
}
