import * as v from 'valibot';
import {
  CARD_MESSAGES,
  expiryNotPast,
  luhnValid,
  profileCard,
  type CardProfile,
} from '../card-rules.ts';
import { DEFAULT_PORTONE_STORE_ID } from './portone-defaults.ts';
import {
  channelByKey,
  type PortOneChannel,
  type PortOneField,
  type PortOneFlow,
} from './portone-channels.ts';
import { PortOneApiError, pgProviderError } from './portone-error.ts';
import type { CardCredentialSchema, CustomerInput } from './request-schemas.ts';

type CardCredential = v.InferOutput<typeof CardCredentialSchema>;

/** The PG's codes for the sandbox's scripted refusals (`pgCode`), beside i'mport's messages. */
export const PG_CODES = {
  invalidNumber: '8014',
  pastExpiry: '8015',
  expired: '8016',
  declined: '8046',
  pgError: '9999',
  quotaUnderMinimum: '8325',
} as const satisfies Record<keyof typeof CARD_MESSAGES, string>;

/** A PG_PROVIDER error with the sandbox's code and i'mport's message for a scripted refusal. */
export function scriptedRefusal(kind: keyof typeof CARD_MESSAGES): PortOneApiError {
  return pgProviderError(PG_CODES[kind], CARD_MESSAGES[kind]);
}

/** Refuses a `storeId` other than the sandbox's one store, as PortOne refuses a foreign store. */
export function checkStore(storeId: string | undefined): void {
  if (storeId !== undefined && storeId !== DEFAULT_PORTONE_STORE_ID) {
    throw new PortOneApiError('FORBIDDEN', '요청된 상점에 접근할 수 없습니다.');
  }
}

interface ChannelRequest {
  storeId?: string | undefined;
  channelKey?: string | undefined;
  channelGroupId?: string | undefined;
  customer?: CustomerInput | undefined;
  productType?: string | undefined;
}

/**
 * The channel a request names, checked for the flow and for the fields its PG needs. Channel
 * groups (smart routing) are not emulated: the sandbox store has none.
 */
export function checkChannel(
  body: ChannelRequest,
  flow: PortOneFlow,
  credential?: CardCredential,
  fallback?: PortOneChannel,
): PortOneChannel {
  checkStore(body.storeId);
  let channel = fallback;
  if (body.channelKey !== undefined) channel = channelByKey(body.channelKey);
  else if (body.channelGroupId !== undefined) channel = undefined;
  else if (channel === undefined) {
    throw new PortOneApiError('INVALID_REQUEST', 'channelKey 또는 channelGroupId가 필요합니다.');
  }
  if (channel === undefined || (fallback !== undefined && channel.key !== fallback.key)) {
    throw new PortOneApiError('CHANNEL_NOT_FOUND', '요청된 채널이 존재하지 않습니다.');
  }
  const needs = channel.flows[flow];
  if (needs === undefined) {
    throw new PortOneApiError(
      'INVALID_REQUEST',
      `${channel.pgProvider} 채널은 API ${flow === 'instant' ? '카드 수기 결제' : '빌링키'}를 지원하지 않습니다.`,
    );
  }
  for (const field of needs) {
    if (valueOf(field, body, credential) === undefined) {
      throw new PortOneApiError(
        'INVALID_REQUEST',
        `${channel.pgProvider} 채널은 ${field} 값이 필요합니다.`,
      );
    }
  }
  return channel;
}

function valueOf(
  field: PortOneField,
  body: ChannelRequest,
  credential: CardCredential | undefined,
): string | undefined {
  const customer = body.customer;
  switch (field) {
    case 'birthOrBusinessRegistrationNumber':
    case 'passwordTwoDigits':
      return nonEmpty(credential?.[field]);
    case 'customer.id':
      return nonEmpty(customer?.id);
    case 'customer.name':
      return nonEmpty(customer?.name?.full ?? customer?.name?.separated?.first);
    case 'customer.phoneNumber':
      return nonEmpty(customer?.phoneNumber);
    case 'customer.email':
      return nonEmpty(customer?.email);
    case 'productType':
      return nonEmpty(body.productType);
  }
}

const nonEmpty = (s: string | undefined): string | undefined => (s === '' ? undefined : s);

/**
 * Checks a card the way the PG does before any approval: a number failing Luhn and a past expiry
 * are the PG's refusals (502 PG_PROVIDER), as i'mport's code -1 answers are in V1.
 */
export function checkCredential(credential: CardCredential, nowMs: number): CardProfile {
  if (!luhnValid(credential.number)) throw scriptedRefusal('invalidNumber');
  const expiry = `20${credential.expiryYear}-${credential.expiryMonth}`;
  if (!expiryNotPast(expiry, nowMs)) throw scriptedRefusal('pastExpiry');
  return profileCard(credential.number);
}
