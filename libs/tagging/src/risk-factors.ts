/**
 * Risk factors: conditions on a contribution's entity context or on the contribution itself,
 * each multiplying or adding to its score — Splunk ES's risk factors. Applied when the
 * contribution is made and recorded on it (the score before, each factor applied, the context
 * it was judged on), so an incident explains its score with what was true then. Multipliers
 * apply first, in order, then additions; the result never exceeds MAX_RISK_SCORE. Pure.
 */
import { IsOptional } from 'class-validator';
import {
  CRITICALITIES,
  MAX_RISK_SCORE,
  type AppliedRiskFactor,
  type EntityContext,
} from '@riskline/contracts';
import { Flag, Names, NumberIn, Section, TextMatching, type SettingsProblem } from '@riskline/settings';
import { globPattern } from './entity-exclusions';

/** What a factor's condition may ask of a contribution: every key given must hold. */
class FactorConditionFile {
  @IsOptional() @Names('must be a list of entity types') entity_type: string[] | null = null;
  /** Any of the entity's categories. */
  @IsOptional() @Names('must be a list of categories') category: string[] | null = null;
  @IsOptional() @Names(`must be a list of ${CRITICALITIES.join(', ')}`) criticality: string[] | null = null;
  @IsOptional() @Names(`must be a list of ${CRITICALITIES.join(', ')}`) priority: string[] | null = null;
  @IsOptional() @Flag() watchlist: boolean | null = null;
  /** Any of the contribution's tactics. */
  @IsOptional() @Names('must be a list of tactics') tactic: string[] | null = null;
  @IsOptional() @Names('must be a list of severity levels') level: string[] | null = null;
  /** Rule ids or `*` globs. */
  @IsOptional() @Names('must be a list of rule ids or globs') rule: string[] | null = null;
}

export class RiskFactorFile {
  @TextMatching(/^[a-z0-9][a-z0-9_.-]{0,127}$/i, 'must be 1-128 of letters, digits, . _ -') name = '';
  @Flag() enabled = true;
  @Section(() => FactorConditionFile) when: FactorConditionFile = new FactorConditionFile();
  @IsOptional() @NumberIn({ max: 100, message: 'must be a number in (0, 100]' }) multiply: number | null =
    null;
  @IsOptional()
  @NumberIn({ min: -MAX_RISK_SCORE, max: MAX_RISK_SCORE, aboveMin: false, message: 'must be a number' })
  add: number | null = null;

  static of(fields: Partial<RiskFactorFile>): RiskFactorFile {
    return Object.assign(new RiskFactorFile(), fields);
  }
}

/** Shipped disabled: examples of the three kinds SOC teams start with. */
export const DEFAULT_RISK_FACTORS = [
  RiskFactorFile.of({
    name: 'privileged-identity',
    enabled: false,
    when: Object.assign(new FactorConditionFile(), {
      entity_type: ['user'],
      category: ['admin', 'privileged'],
    }),
    multiply: 1.5,
  }),
  RiskFactorFile.of({
    name: 'critical-asset',
    enabled: false,
    when: Object.assign(new FactorConditionFile(), { criticality: ['critical'] }),
    multiply: 1.5,
  }),
  RiskFactorFile.of({
    name: 'watchlisted',
    enabled: false,
    when: Object.assign(new FactorConditionFile(), { watchlist: true }),
    add: 20,
  }),
];

export interface RiskFactor {
  readonly name: string;
  readonly when: (facts: ContributionFacts) => boolean;
  readonly multiply: number | null;
  readonly add: number | null;
}

/** What a factor is judged on. */
export interface ContributionFacts {
  readonly entityType: string;
  readonly context: EntityContext | undefined;
  readonly tactics: readonly string[];
  readonly level: string;
  readonly ruleId: string;
}

const lowerSet = (list: readonly string[] | null) =>
  list === null ? null : new Set(list.map((v) => v.toLowerCase()));

function condition(file: FactorConditionFile): (facts: ContributionFacts) => boolean {
  const types = lowerSet(file.entity_type);
  const categories = lowerSet(file.category);
  const criticality = lowerSet(file.criticality);
  const priority = lowerSet(file.priority);
  const tactics = lowerSet(file.tactic);
  const levels = lowerSet(file.level);
  const rules = file.rule?.map(globPattern) ?? null;
  const { watchlist } = file;
  return (f) =>
    (types === null || types.has(f.entityType.toLowerCase())) &&
    (categories === null || (f.context?.categories ?? []).some((c) => categories.has(c.toLowerCase()))) &&
    (criticality === null || criticality.has(f.context?.criticality ?? '')) &&
    (priority === null || priority.has(f.context?.priority ?? '')) &&
    (watchlist === null || (f.context?.watchlist ?? false) === watchlist) &&
    (tactics === null || f.tactics.some((t) => tactics.has(t))) &&
    (levels === null || levels.has(f.level)) &&
    (rules === null || rules.some((r) => r.test(f.ruleId)));
}

export function factorProblems(factors: readonly RiskFactorFile[]): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  factors.forEach((f, i) => {
    if (!(f instanceof RiskFactorFile)) return;
    if ((f.multiply === null) === (f.add === null))
      problems.push({ at: `risk_factors[${i}]`, message: 'needs exactly one of multiply or add' });
    for (const key of ['criticality', 'priority'] as const) {
      const bad = (f.when?.[key] ?? []).filter((v) => !(CRITICALITIES as readonly string[]).includes(v));
      if (bad.length > 0)
        problems.push({
          at: `risk_factors[${i}].when.${key}`,
          message: `unknown ${key} ${bad.join(', ')} (one of ${CRITICALITIES.join(', ')})`,
        });
    }
  });
  const names = factors.map((f) => f.name);
  for (const name of new Set(names))
    if (names.filter((n) => n === name).length > 1)
      problems.push({ at: 'risk_factors', message: `name '${name}' is used twice` });
  return problems;
}

export function compileFactors(files: readonly RiskFactorFile[]): RiskFactor[] {
  return files
    .filter((f) => f.enabled)
    .map((f) => ({
      name: f.name,
      when: condition(f.when ?? new FactorConditionFile()),
      multiply: f.multiply,
      add: f.add,
    }));
}

export interface FactoredScore {
  readonly score: number;
  readonly applied: readonly AppliedRiskFactor[];
}

const effect = (f: RiskFactor) =>
  f.multiply !== null ? `×${f.multiply}` : f.add! < 0 ? `${f.add}` : `+${f.add}`;

export function applyRiskFactors(
  base: number,
  factors: readonly RiskFactor[],
  facts: ContributionFacts,
): FactoredScore {
  const holding = factors.filter((f) => f.when(facts));
  if (holding.length === 0) return { score: base, applied: [] };
  let score = base;
  for (const f of holding) if (f.multiply !== null) score *= f.multiply;
  for (const f of holding) if (f.add !== null) score += f.add;
  return {
    score: Number(Math.min(MAX_RISK_SCORE, Math.max(0, score)).toFixed(6)),
    applied: holding.map((f) => ({ name: f.name, effect: effect(f) })),
  };
}
