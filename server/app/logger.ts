import type { IamportLogEvent } from '../iamport/index.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * One structured log line. Never carries card data: callers pass ids, codes and timings only.
 * Field names are snake_case everywhere (`request_id`, `duration_ms`).
 */
export interface LogEntry {
  level: LogLevel;
  event: string;
  time: string;
  request_id?: string;
  [field: string]: unknown;
}

/** Receives every log entry; the default writes one JSON line per entry to stdout. */
export type Logger = (entry: LogEntry) => void;

/** A JSON-lines sink that batches: see {@link createJsonLineLogger}. */
export interface JsonLineLogger extends Logger {
  /** Writes what is buffered now (also done at the end of each event-loop turn and on exit). */
  flush(): void;
  /**
   * Takes one line already in JSON (the request edge's `request` line, built without an entry
   * object); it is written as `JSON.stringify(entry)` would have been.
   */
  line(text: string): void;
}

// Past this many buffered characters a batch is written at once rather than at the turn's end.
const FLUSH_AT_CHARS = 64 * 1024;

/**
 * One JSON line per entry, written in batches: the lines of one event-loop turn go out in one
 * write at its end (a `setTimeout(0)`), instead of one synchronous `console.log` (and one syscall
 * on a pipe) per line on the request path. Lines are flushed on process exit too.
 */
export function createJsonLineLogger(write: (text: string) => void = console.log): JsonLineLogger {
  let buffer = '';
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (scheduled !== undefined) clearTimeout(scheduled);
    scheduled = undefined;
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    // console.log adds the last line's newline.
    write(text.slice(0, -1));
  };
  const line = (text: string) => {
    buffer += text + '\n';
    if (buffer.length >= FLUSH_AT_CHARS) flush();
    else if (scheduled === undefined) {
      scheduled = setTimeout(flush, 0);
      // A pending batch must not keep a process alive; the exit hook below writes it.
      (scheduled as { unref?: () => void }).unref?.();
    }
  };
  const logger = ((entry: LogEntry) => line(JSON.stringify(entry))) as JsonLineLogger;
  logger.flush = flush;
  logger.line = line;
  (
    globalThis as { process?: { once?(event: 'exit', listener: () => void): void } }
  ).process?.once?.('exit', flush);
  return logger;
}

/** The default sink: JSON lines on stdout, batched per event-loop turn. */
export const jsonLineLogger: JsonLineLogger = createJsonLineLogger();

export const silentLogger: Logger = () => {};

/**
 * Error messages from third-party code can quote what they were given, so any run of six or more
 * digits (a card number, a birth date) is cut before a message reaches a log line.
 */
export function redactDigits(text: string): string {
  return text.replace(/\d(?:[\d\s-]*\d){5,}/g, '[redacted]');
}

export type LogFn = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export function bindLogger(logger: Logger, now: () => number, requestId?: string): LogFn {
  return (level, event, fields) => {
    const entry: LogEntry = { level, event, time: new Date(now()).toISOString() };
    if (requestId) entry.request_id = requestId;
    if (fields) Object.assign(entry, fields);
    logger(entry);
  };
}

// The i'mport client's events are a camelCase JavaScript API; log lines are snake_case.
const SNAKE_CASE: Record<string, string> = {
  requestId: 'request_id',
  durationMs: 'duration_ms',
  upstreamCode: 'upstream_code',
  expiresInS: 'expires_in_s',
  skewMs: 'skew_ms',
};

/** An i'mport client event as a log entry (`event: "iamport.http"` etc.), in snake_case. */
export function iamportLogEntry(event: IamportLogEvent, time: string): LogEntry {
  const entry: LogEntry = { level: 'info', event: `iamport.${event.type}`, time };
  for (const key in event) {
    if (key === 'type') continue;
    entry[SNAKE_CASE[key] ?? key] = event[key as keyof IamportLogEvent];
  }
  if (
    event.type === 'http' &&
    event.path === '/users/getToken' &&
    (event.status === 401 || event.status === 403)
  ) {
    // Every call fails until this is fixed, and the customers only see "unavailable".
    entry.level = 'error';
    entry['hint'] =
      "i'mport refused the REST API key and secret: check impKey/impSecret (IMP_KEY/IMP_SECRET), " +
      'the V1 key and secret of 관리자 콘솔 → 상점・계정 관리 → 내 식별코드・API Keys';
  }
  return entry;
}
