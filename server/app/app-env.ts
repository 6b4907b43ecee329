import type { Env } from 'hono';
import type { LogFn } from './logger.ts';

/** The Hono env of every route: the request id (hono/request-id) and a logger bound to it. */
export interface AppEnv extends Env {
  Variables: {
    requestId: string;
    log: LogFn;
  };
}
