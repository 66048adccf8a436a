/**
 * The ATT&CK matrix the console draws as a heat map: one column per Enterprise tactic in
 * MITRE's order, one cell per technique under each tactic it was tagged with, each cell counting
 * the rules that cover the technique and the detections that tagged it. A rule or detection
 * names tactics and techniques separately, so a technique sits under every tactic that appeared
 * beside it (as the Navigator shows a technique under each of its tactics); one that never
 * appeared beside a tactic is listed as unplaced. Invariant: a pure function of its inputs —
 * cells sorted by technique id, counts never double a rule or a detection within a cell.
 */
import { ATTACK_TACTICS, TECHNIQUE_ID_PATTERN } from '@riskline/contracts';

export interface TaggedRule {
  readonly id: string;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
}

export interface TaggedDetection {
  readonly rule_id: string;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
}

export interface MatrixCell {
  readonly technique: string;
  readonly rules: number;
  readonly detections: number;
}

export interface AttackMatrix {
  readonly tactics: readonly { readonly tactic: string; readonly cells: readonly MatrixCell[] }[];
  readonly unplaced: readonly MatrixCell[];
  readonly maxRules: number;
  readonly maxDetections: number;
}

interface Tally {
  readonly rules: Set<string>;
  detections: number;
}

export function attackMatrix(
  rules: readonly TaggedRule[],
  detections: readonly TaggedDetection[],
): AttackMatrix {
  // tactic ('' when none) → technique → tally
  const grid = new Map<string, Map<string, Tally>>();
  const placed = new Set<string>();
  const cell = (tactic: string, technique: string): Tally => {
    const column = grid.get(tactic) ?? new Map<string, Tally>();
    grid.set(tactic, column);
    const tally = column.get(technique) ?? { rules: new Set<string>(), detections: 0 };
    column.set(technique, tally);
    if (tactic !== '') placed.add(technique);
    return tally;
  };
  const known = (tactics: readonly string[]) =>
    [...new Set(tactics)].filter((t) => (ATTACK_TACTICS as readonly string[]).includes(t));
  const techniquesOf = (techniques: readonly string[]) =>
    [...new Set(techniques)].filter((t) => TECHNIQUE_ID_PATTERN.test(t));

  for (const rule of rules) {
    const tactics = known(rule.tactics);
    for (const technique of techniquesOf(rule.techniques))
      for (const tactic of tactics.length ? tactics : ['']) cell(tactic, technique).rules.add(rule.id);
  }
  for (const detection of detections) {
    const tactics = known(detection.tactics);
    for (const technique of techniquesOf(detection.techniques))
      for (const tactic of tactics.length ? tactics : ['']) cell(tactic, technique).detections++;
  }

  const cells = (column: Map<string, Tally> | undefined, keep: (t: string) => boolean): MatrixCell[] =>
    [...(column ?? new Map<string, Tally>())]
      .filter(([technique]) => keep(technique))
      .map(([technique, t]) => ({ technique, rules: t.rules.size, detections: t.detections }))
      .sort((a, b) => (a.technique < b.technique ? -1 : a.technique > b.technique ? 1 : 0));
  const tactics = ATTACK_TACTICS.map((tactic) => ({ tactic, cells: cells(grid.get(tactic), () => true) }));
  const unplaced = cells(grid.get(''), (t) => !placed.has(t));
  const all = [...tactics.flatMap((t) => t.cells), ...unplaced];
  return {
    tactics,
    unplaced,
    maxRules: Math.max(0, ...all.map((c) => c.rules)),
    maxDetections: Math.max(0, ...all.map((c) => c.detections)),
  };
}
