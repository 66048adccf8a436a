/**
 * A minimal Prometheus registry: counters, gauges and summaries (sum + count) with labels,
 * rendered in the text exposition format 0.0.4. Enough for what the services report; no
 * client library, so nothing runs on a timer and nothing reads a clock.
 */
export type Labels = Readonly<Record<string, string | number>>;

type Kind = 'counter' | 'gauge' | 'summary';

interface Family {
  readonly kind: Kind;
  readonly help: string;
  /** Serialised labels → value (summaries keep `_sum` and `_count` as two series). */
  readonly series: Map<string, { labels: Labels; value: number; count: number }>;
}

function escapeLabel(value: string | number): string {
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function renderLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

export class MetricRegistry {
  private readonly families = new Map<string, Family>();

  private series(name: string, kind: Kind, help: string, labels: Labels) {
    let family = this.families.get(name);
    if (!family) {
      family = { kind, help, series: new Map() };
      this.families.set(name, family);
    } else if (family.kind !== kind) throw new Error(`metric ${name} is a ${family.kind}, not a ${kind}`);
    const key = renderLabels(labels);
    let entry = family.series.get(key);
    if (!entry) {
      entry = { labels, value: 0, count: 0 };
      family.series.set(key, entry);
    }
    return entry;
  }

  increment(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.series(name, 'counter', help, labels).value += by;
  }

  set(name: string, help: string, labels: Labels, value: number): void {
    this.series(name, 'gauge', help, labels).value = value;
  }

  observe(name: string, help: string, labels: Labels, value: number): void {
    const entry = this.series(name, 'summary', help, labels);
    entry.value += value;
    entry.count += 1;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, family] of [...this.families].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.kind}`);
      for (const [labels, entry] of family.series) {
        if (family.kind === 'summary') {
          lines.push(`${name}_sum${labels} ${entry.value}`, `${name}_count${labels} ${entry.count}`);
        } else lines.push(`${name}${labels} ${entry.value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
