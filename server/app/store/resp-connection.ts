import { connect, type Socket } from 'node:net';

export type RespValue = string | number | null | RespValue[];

export class RespError extends Error {
  override readonly name = 'RespError';
}

interface Pending {
  resolve: (value: RespValue) => void;
  reject: (error: Error) => void;
}

function encode(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/**
 * Parses one RESP2 value at `offset`; returns undefined when the buffer does not hold all of it
 * yet. Errors come back as RespError values so a reply maps to its own caller.
 */
function parse(
  buf: Buffer,
  offset: number,
): { value: RespValue | RespError; next: number } | undefined {
  const end = buf.indexOf('\r\n', offset);
  if (end === -1) return undefined;
  const type = String.fromCharCode(buf[offset]!);
  const line = buf.toString('utf8', offset + 1, end);
  switch (type) {
    case '+':
      return { value: line, next: end + 2 };
    case '-':
      return { value: new RespError(line), next: end + 2 };
    case ':':
      return { value: Number(line), next: end + 2 };
    case '$': {
      const length = Number(line);
      if (length === -1) return { value: null, next: end + 2 };
      if (buf.length < end + 2 + length + 2) return undefined;
      return { value: buf.toString('utf8', end + 2, end + 2 + length), next: end + 2 + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count === -1) return { value: null, next: end + 2 };
      const items: RespValue[] = [];
      let next = end + 2;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, next);
        if (!item) return undefined;
        if (item.value instanceof RespError) return { value: item.value, next: item.next };
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new RespError(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

/**
 * One pipelined Redis connection speaking RESP2: enough for the store's handful of commands,
 * without a client dependency. Replies arrive in command order, so a FIFO matches them.
 */
export class RespConnection {
  private readonly socket: Socket;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private readonly ready: Promise<void>;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port });
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new RespError('the Redis connection closed')));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parse(this.buffer, offset);
      if (!parsed) break;
      offset = parsed.next;
      const waiter = this.pending.shift();
      if (parsed.value instanceof RespError) waiter?.reject(parsed.value);
      else waiter?.resolve(parsed.value);
    }
    this.buffer = this.buffer.subarray(offset);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.splice(0)) waiter.reject(this.failure);
  }

  async command(...args: (string | number)[]): Promise<RespValue> {
    await this.ready;
    if (this.failure) throw this.failure;
    return new Promise<RespValue>((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(encode(args));
    });
  }

  /** True once the socket failed or closed: every later command would fail, open a new one. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  async close(): Promise<void> {
    if (!this.failure) await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }
}
