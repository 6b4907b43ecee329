import * as v from 'valibot';
import type { IamportHttpLogEvent, IamportLogEvent } from './options.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { ImpEnvelopeSchema } from './schemas.ts';
import {
  TransportFailure,
  type Send,
  type Transport,
  type UpstreamAnswer,
  type UpstreamRequest,
  type WireAnswer,
  type WireRequest,
} from './transport.ts';

export interface SendOptions {
  /** A promise while the transport is still loading (select-transport.ts). */
  transport: Transport | Promise<Transport>;
  retry: RetryPolicy;
  log: (event: IamportLogEvent) => void;
  /**
   * Whether an HTTP answer is the upstream's own, to be read, rather than a failure to stand for
   * one. Default: below 500 (i'mport's 5xx bodies are a proxy's). PortOne V2 answers some refusals
   * with a 5xx and a typed body (502 PG_PROVIDER).
   */
  isAnswer?: ((answer: WireAnswer) => boolean) | undefined;
}

/** The body of a non-5xx answer, liberally read: no envelope is not an error here. */
export function readEnvelope(status: number, text: string): UpstreamAnswer {
  if (text.trim() === '') return { status, unreadable: false };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status, unreadable: true };
  }
  const parsed = v.safeParse(ImpEnvelopeSchema, json);
  return parsed.success
    ? { status, envelope: parsed.output, body: json, unreadable: false }
    : { status, body: json, unreadable: false };
}

function wireRequest(request: UpstreamRequest): WireRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  const body = request.json ? JSON.stringify(request.json) : undefined;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.headers) Object.assign(headers, request.headers);
  const query = request.searchParams?.toString();
  return {
    method: request.method,
    target: query ? `${request.path}?${query}` : request.path,
    headers,
    body,
  };
}

function httpLogEvent(request: UpstreamRequest): IamportHttpLogEvent {
  const event: IamportHttpLogEvent = {
    type: 'http',
    method: request.method,
    path: request.logPath ?? request.path,
    durationMs: 0,
    retries: 0,
  };
  if (request.context?.requestId) event.requestId = request.context.requestId;
  return event;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The client's one `send()`, whichever transport carries it: builds the wire request, retries as
 * the policy allows, turns a 5xx into a failure (its body is a proxy's, not i'mport's answer),
 * reads the envelope, and logs one event per call with its retries.
 */
export function createSend(options: SendOptions): Send {
  const { retry, log } = options;
  const isAnswer = options.isAnswer ?? ((answer: WireAnswer) => answer.status < 500);
  let chosen = options.transport instanceof Promise ? undefined : options.transport;
  const loading = Promise.resolve(options.transport).then((transport) => (chosen = transport));

  async function attempt(
    transport: Transport,
    wire: WireRequest,
  ): Promise<TransportFailure | WireAnswer> {
    try {
      const answer = await transport.exchange(wire);
      return isAnswer(answer)
        ? answer
        : new TransportFailure('http', `upstream answered HTTP ${answer.status}`, answer.status);
    } catch (error) {
      if (error instanceof TransportFailure) return error;
      // A transport breaking its contract: still no answer, and maybe sent.
      return new TransportFailure('network', 'upstream connection failed');
    }
  }

  return async function send(request) {
    const started = performance.now();
    const event = httpLogEvent(request);
    const wire = wireRequest(request);
    const attempts = retry.attempts(request);
    try {
      const transport = chosen ?? (await loading);
      for (let n = 1; ; n++) {
        const outcome = await attempt(transport, wire);
        if (!(outcome instanceof TransportFailure)) {
          const answer = readEnvelope(outcome.status, outcome.text);
          event.status = outcome.status;
          if (answer.envelope) event.upstreamCode = answer.envelope.code;
          return answer;
        }
        if (n >= attempts || !retry.retries(outcome)) {
          event.failure = outcome.kind;
          if (outcome.httpStatus !== undefined) event.status = outcome.httpStatus;
          return outcome;
        }
        event.retries += 1;
        await sleep(retry.delayMs(n));
      }
    } finally {
      event.durationMs = Math.round(performance.now() - started);
      log(event);
    }
  };
}
