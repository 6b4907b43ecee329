// The bench's side of each server child: announce the URL, then answer "stats" requests with the
// process's own CPU time and memory, so the parent measures the server alone (not the load
// generator, the proxy or the sandbox, which share the machine).

/** What a child reports about itself. */
export interface ChildStats {
  /** user + system CPU time since start, in µs (process.cpuUsage). */
  cpuUs: number;
  rss: number;
  heapUsed: number;
  /** Child-specific counters (the upstream proxy's calls per path). */
  counts: Record<string, number>;
}

export type ParentMessage =
  { type: 'stats'; gc?: boolean } | { type: 'latency'; ms: number } | { type: 'reset' };

export type ChildMessage = { type: 'ready'; url: string } | ({ type: 'stats' } & ChildStats);

export interface ChildHooks {
  counts?: () => Record<string, number>;
  onLatency?: (ms: number) => void;
  onReset?: () => void;
}

function send(message: ChildMessage): void {
  if (!process.send) throw new Error('bench child started without an IPC channel');
  process.send(message);
}

/** Tells the parent the child listens on `url` and serves its stats requests. */
export function announce(url: string, hooks: ChildHooks = {}): void {
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'latency') hooks.onLatency?.(message.ms);
    if (message.type === 'reset') hooks.onReset?.();
    if (message.type !== 'stats') return;
    // --expose-gc is given by the parent; a collection first makes RSS/heap comparable across runs.
    if (message.gc) (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    send({
      type: 'stats',
      cpuUs: cpu.user + cpu.system,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      counts: hooks.counts?.() ?? {},
    });
  });
  // The parent going away ends the child (no orphaned servers after a crash of the bench).
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url });
}
