export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One structured log line. Never carries card data: callers pass ids, codes and timings only. */
export interface LogEntry {
  level: LogLevel;
  event: string;
  time: string;
  request_id?: string;
  [field: string]: unknown;
}

/** Receives every log entry; the default writes one JSON line per entry to stdout. */
export type Logger = (entry: LogEntry) => void;

export const jsonLineLogger: Logger = (entry) => {
  console.log(JSON.stringify(entry));
};

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
  return (level, event, fields = {}) => {
    logger({
      level,
      event,
      time: new Date(now()).toISOString(),
      ...(requestId ? { request_id: requestId } : {}),
      ...fields,
    });
  };
}
