import { fillTemplate, type Translation } from '../i18n/index.ts';
import { failureMessage } from './failure-state.ts';
import type { SubmitState } from './submit-state.ts';

/**
 * What the form's live region says in state `s`, in the texts `t`: the result, how many fields to
 * fix, or that the request is on its way; nothing while idle.
 */
export function statusText(s: SubmitState, t: Translation): string {
  if (s.status === 'success') return t.success[s.result.mode];
  if (s.status === 'failure') {
    const message = failureMessage(s, t);
    return s.reason ? `${message} ${fillTemplate(t.pgReason, { reason: s.reason })}` : message;
  }
  if (s.status === 'network-error') return t.errors.NETWORK_ERROR;
  if (s.status === 'invalid') {
    const plural = t.fixFields;
    return fillTemplate(plural[new Intl.PluralRules(t.lang).select(s.count)] ?? plural.other, {
      count: s.count,
    });
  }
  // The live region says the request is on its way, not just the button.
  return s.status === 'submitting' ? t.processing : '';
}
