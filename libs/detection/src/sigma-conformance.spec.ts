/**
 * SigmaHQ conformance: every regression test in ../shared/sigma/regression_expected.jsonl fires
 * its rule at least `expected_min_matches` times on its events file (through SigmaHQ's own
 * THOR log source mapping, and through Riskline's default mapping), and the 1,371 rules of the
 * public corpus load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DetectionEngine } from './detection-engine';
import { parseEvents } from './event/parse-events';
import { DEFAULT_MAPPING_YAML } from './logsource/default-mapping';
import { loadMapping } from './logsource/load-mapping';
import { loadRuleText } from './load-rules';
import { requireSharedSigma } from './testing/shared-sigma';

const root = requireSharedSigma();

interface RegressionTest {
  readonly events_file: string;
  readonly rule_id: string;
  readonly rule_file: string;
  readonly expected_min_matches: number;
}

const tests: RegressionTest[] = readFileSync(join(root, 'regression_expected.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as RegressionTest);

const mappings = {
  thor: loadMapping([{ name: 'thor.yml', text: readFileSync(join(root, 'tests/thor.yml'), 'utf8') }]),
  default: loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]),
};

describe.each(Object.entries(mappings))(
  'SigmaHQ regression tests through the %s mapping',
  (_name, { mapping, errors }) => {
    it('loads the mapping cleanly', () => {
      expect(errors).toEqual([]);
    });

    it(`fires every rule on its regression events (${tests.length} tests)`, () => {
      const misses: string[] = [];
      for (const test of tests) {
        const load = loadRuleText(test.rule_file, readFileSync(join(root, test.rule_file), 'utf8'));
        if (load.errors.length > 0 || load.rules.length !== 1) {
          misses.push(`${test.rule_file}: did not load: ${JSON.stringify(load.errors)}`);
          continue;
        }
        const engine = new DetectionEngine(load.rules, mapping);
        const events = parseEvents(readFileSync(join(root, test.events_file), 'utf8'));
        const hits = events.filter((e) => engine.evaluate(e).length > 0).length;
        if (hits < test.expected_min_matches)
          misses.push(
            `${test.rule_file}: ${hits} of ${test.expected_min_matches} on ${events.length} events`,
          );
      }
      expect(misses).toEqual([]);
    });
  },
);

describe('SigmaHQ rule corpus', () => {
  it('loads all 1,371 rules', () => {
    const files = readdirSync(join(root, 'rules'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yml'))
      .map((f) => join('rules', f))
      .sort();
    expect(files).toHaveLength(1371);
    const errors = files.flatMap((file) => loadRuleText(file, readFileSync(join(root, file), 'utf8')).errors);
    const loaded = files.reduce(
      (n, file) => n + loadRuleText(file, readFileSync(join(root, file), 'utf8')).rules.length,
      0,
    );
    expect(errors.map((e) => `${relative('.', e.source)}: ${e.reason}`)).toEqual([]);
    expect(loaded).toBe(1371);
  });

  it('does not fire rules whose log source does not apply', () => {
    const { rules } = loadRuleText(
      'x',
      readFileSync(
        join(
          root,
          'rules-with-regression-tests',
          tests[0]!.rule_file.split('rules-with-regression-tests/')[1]!,
        ),
        'utf8',
      ),
    );
    const engine = new DetectionEngine(rules, mappings.thor.mapping);
    const [event] = parseEvents(readFileSync(join(root, tests[0]!.events_file), 'utf8'));
    expect(engine.evaluate(event!)).toHaveLength(1);
    const elsewhere = JSON.parse(JSON.stringify(event)) as { Event: { System: { EventID: number } } };
    elsewhere.Event.System.EventID = 11;
    expect(engine.evaluate(elsewhere)).toEqual([]);
  });
});
