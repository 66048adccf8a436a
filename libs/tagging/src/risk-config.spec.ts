import { settingsProblems } from '@riskline/settings/testing';
import { parseRiskConfig } from './risk-config';
import { baseScore } from './scoring';

const problems = (text: string) => settingsProblems(() => parseRiskConfig(text));

describe('risk config', () => {
  it('parses the shipped defaults', () => {
    const config = parseRiskConfig('');
    expect(config.entities.map((e) => e.type)).toEqual(['user', 'host', 'src_ip']);
    expect(config.scores.levels).toEqual({ informational: 1, low: 10, medium: 25, high: 50, critical: 75 });
  });

  it('names every bad key', () => {
    expect(
      problems(`entities:
  User: {fields: [a]}
  host: {fields: []}
primary: [nobody]
scores:
  default: -1
  levels: {severe: 3, high: x}
  tags: {reducer: avg, values: {attack.t1003: -2}}
extra: 1
`),
    ).toEqual([
      'extra: unknown key',
      'entities.User: entity type must match /^[a-z][a-z0-9_]{0,63}$/',
      'entities.host.fields: must be a non-empty list of field names or dotted paths',
      'scores.default: must be a non-negative number',
      'scores.levels.severe: not a severity level (informational, low, medium, high, critical)',
      'scores.levels.high: must be a non-negative number',
      'scores.tags.reducer: must be sum or max',
      'scores.tags.values.attack.t1003: must be a non-negative number',
      // Cross-field rules come after the fields'.
      'primary: must list entity types defined under entities',
    ]);
    expect(problems('entities: [')).toEqual([expect.stringMatching(/^not YAML/)]);
  });

  it('scores tags exactly and by prefix, with sum or max', () => {
    const text = (reducer: string) =>
      `entities: {user: {fields: [User]}}\nscores:\n  tags:\n    reducer: ${reducer}\n    values: {attack.credential-access: 40, attack.t1003.*: 30}\n`;
    const rule = { level: 'low', tags: ['attack.credential-access', 'attack.t1003.001'], custom: {} };
    expect(baseScore(rule, parseRiskConfig(text('max')))).toEqual({ score: 40, source: 'tags' });
    expect(baseScore(rule, parseRiskConfig(text('sum')))).toEqual({ score: 70, source: 'tags' });
    expect(baseScore({ ...rule, tags: [] }, parseRiskConfig(text('max')))).toEqual({
      score: 10,
      source: 'level',
    });
    expect(baseScore({ level: 'weird', tags: [], custom: {} }, parseRiskConfig(text('max')))).toEqual({
      score: 5,
      source: 'default',
    });
  });
});
