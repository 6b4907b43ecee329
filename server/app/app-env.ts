import type { Env } from 'hono';
import type { LogFn } from './logger.ts';
import type { ServerErrorCode } from './server-error.ts';

/** The Hono env of every route: the request id (hono/request-id) and a logger bound to it. */
export interface AppEnv extends Env {
  Variables: {
    requestId: string;
    log: LogFn;
    /** The code of the failure answered (failure-json.ts), for the outcome metrics. */
    failureCode: ServerErrorCode;
    /** Set with the `Idempotent-Replayed` header, for the outcome metrics. */
    replayed: true;
  };
}
