export { ImpCardForm } from './imp-card-form.ts';
export { defineImpCardForm } from './define.ts';
export * from './imp-card-events.ts';
export type { ImpCardMessages } from './merge-messages.ts';
export type { SubmitState } from './submit-state.ts';
export type { RegistrationOutcome } from './post-registration.ts';
