/**
 * ATT&CK Navigator layers (layer format 4.5) of what Riskline knows: rule coverage — each
 * technique scored by how many rules detect it — and detections over an event-time range —
 * each technique scored by how often it fired. Layers name no tactic per technique (a rule tags
 * tactics and techniques separately), so the Navigator shows each under every tactic it belongs
 * to. Invariant: a layer is a pure function of its inputs — techniques sorted by id, every
 * comment and metadata list bounded — and always carries the fields the format requires.
 */
import { TECHNIQUE_ID_PATTERN } from '@riskline/contracts';

export const LAYER_FORMAT_VERSION = '4.5';
/** The least Navigator version that reads layer format 4.5. */
export const NAVIGATOR_VERSION = '4.9.0';
export const DEFAULT_ATTACK_VERSION = '17';

const MAX_METADATA = 20;

export interface NavigatorTechnique {
  readonly techniqueID: string;
  readonly score: number;
  readonly comment: string;
  readonly enabled: true;
  readonly showSubtechniques: boolean;
  readonly metadata: readonly { readonly name: string; readonly value: string }[];
}

export interface NavigatorLayer {
  readonly name: string;
  readonly versions: { readonly attack: string; readonly navigator: string; readonly layer: string };
  readonly domain: 'enterprise-attack';
  readonly description: string;
  readonly sorting: 3;
  readonly layout: {
    readonly layout: 'side';
    readonly showID: true;
    readonly showName: true;
    readonly expandedSubtechniques: 'annotated';
  };
  readonly hideDisabled: false;
  readonly techniques: readonly NavigatorTechnique[];
  readonly gradient: {
    readonly colors: readonly string[];
    readonly minValue: number;
    readonly maxValue: number;
  };
  readonly legendItems: readonly { readonly label: string; readonly color: string }[];
  readonly metadata: readonly { readonly name: string; readonly value: string }[];
}

/** Per technique: how many, and what (rule titles) — the tally a layer is drawn from. */
export type TechniqueTally = ReadonlyMap<
  string,
  { readonly count: number; readonly what: readonly string[] }
>;

class Tally {
  private readonly byTechnique = new Map<string, { count: number; what: Set<string> }>();

  add(technique: string, what: string): void {
    if (!TECHNIQUE_ID_PATTERN.test(technique)) return;
    const t = this.byTechnique.get(technique) ?? { count: 0, what: new Set<string>() };
    t.count++;
    t.what.add(what);
    this.byTechnique.set(technique, t);
  }

  done(): TechniqueTally {
    return new Map([...this.byTechnique].map(([k, v]) => [k, { count: v.count, what: [...v.what].sort() }]));
  }
}

/** Rule coverage: each technique, by the rules that tag it. */
export function coverageTally(
  rules: readonly { readonly title: string; readonly techniques: readonly string[] }[],
): TechniqueTally {
  const tally = new Tally();
  for (const rule of rules) for (const t of new Set(rule.techniques)) tally.add(t, rule.title);
  return tally.done();
}

/** Detections from `fromMs` (inclusive) to `toMs` (exclusive) of event time, by technique. */
export function detectionTally(
  detections: readonly {
    readonly techniques: readonly string[];
    readonly rule_title: string;
    readonly event_time: string;
  }[],
  fromMs = -Infinity,
  toMs = Infinity,
): TechniqueTally {
  const tally = new Tally();
  for (const d of detections) {
    const at = Date.parse(d.event_time);
    if (!(at >= fromMs && at < toMs)) continue;
    for (const t of new Set(d.techniques)) tally.add(t, d.rule_title);
  }
  return tally.done();
}

export interface LayerOptions {
  readonly name: string;
  readonly description: string;
  /** What a score counts, for comments and the legend: `rule`, `detection`. */
  readonly unit: string;
  readonly attackVersion?: string;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

export function navigatorLayer(tally: TechniqueTally, options: LayerOptions): NavigatorLayer {
  const ids = [...tally.keys()].sort();
  const parents = new Set(ids.filter((id) => id.includes('.')).map((id) => id.split('.')[0]!));
  const max = Math.max(1, ...[...tally.values()].map((t) => t.count));
  const techniques = ids.map((id): NavigatorTechnique => {
    const { count, what } = tally.get(id)!;
    const shown = what.slice(0, MAX_METADATA);
    return {
      techniqueID: id,
      score: count,
      comment: `${plural(count, options.unit)}: ${shown.join('; ')}${what.length > shown.length ? `; … ${what.length - shown.length} more` : ''}`,
      enabled: true,
      showSubtechniques: parents.has(id),
      metadata: shown.map((value) => ({ name: 'rule', value })),
    };
  });
  return {
    name: options.name,
    versions: {
      attack: options.attackVersion ?? DEFAULT_ATTACK_VERSION,
      navigator: NAVIGATOR_VERSION,
      layer: LAYER_FORMAT_VERSION,
    },
    domain: 'enterprise-attack',
    description: options.description,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#fff7bc', '#fe9929', '#cc4c02'], minValue: 0, maxValue: max },
    legendItems: [
      { label: `1 ${options.unit}`, color: '#fff7bc' },
      { label: plural(max, options.unit), color: '#cc4c02' },
    ],
    metadata: [
      { name: 'generated by', value: 'Riskline' },
      { name: 'techniques', value: String(ids.length) },
    ],
  };
}
