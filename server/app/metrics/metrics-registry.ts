// A tiny Prometheus registry: counters and histograms with labels, rendered in the text
// exposition format (version 0.0.4). prom-client was not used: it imports Node built-ins
// (cluster, v8, perf_hooks) at load, and this server must also run on Workers, Bun and Deno.

type Labels = Record<string, string>;

/** The text format's label escaping: backslash, double quote and newline. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function keyOf(names: readonly string[], labels: Labels): string {
  // One label (most of ours): its value is the key; a metric's label names never change.
  if (names.length === 1) return labels[names[0]!] ?? '';
  return JSON.stringify(names.map((n) => labels[n] ?? ''));
}

function pick(names: readonly string[], labels: Labels): Labels {
  return Object.fromEntries(names.map((n) => [n, labels[n] ?? '']));
}

const formatNumber = (n: number): string =>
  Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';

interface Metric {
  render(): string;
}

export class Counter<L extends string = never> implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[] = [],
  ) {}

  inc(labels: Record<L, string>, by = 1): void {
    const key = keyOf(this.labelNames, labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels: pick(this.labelNames, labels), value: by });
  }

  /** The current value for these labels (0 when never counted). */
  get(labels: Record<L, string>): number {
    return this.values.get(keyOf(this.labelNames, labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) {
      lines.push(`${this.name}${labelText(labels)} ${formatNumber(value)}`);
    }
    return lines.join('\n');
  }
}

export class Histogram<L extends string = never> implements Metric {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    /** Upper bounds, ascending; `+Inf` is added. */
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Record<L, string>, value: number): void {
    const key = keyOf(this.labelNames, labels);
    let s = this.series.get(key);
    if (!s) {
      s = {
        labels: pick(this.labelNames, labels),
        counts: this.buckets.map(() => 0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, s);
    }
    this.buckets.forEach((bound, i) => {
      if (value <= bound) s.counts[i]! += 1;
    });
    s.sum += value;
    s.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((bound, i) => {
        lines.push(
          `${this.name}_bucket${labelText(s.labels, ['le', formatNumber(bound)])} ${s.counts[i]}`,
        );
      });
      lines.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${formatNumber(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** The metrics of one app, rendered together for `GET /metrics`. */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) {
    const metric = new Counter<L>(name, help, labelNames);
    this.metrics.push(metric);
    return metric;
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: readonly number[],
  ) {
    const metric = new Histogram<L>(name, help, labelNames, buckets);
    this.metrics.push(metric);
    return metric;
  }

  /** Text exposition format 0.0.4, served as `text/plain; version=0.0.4`. */
  render(): string {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}
