/**
 * `riskline eval` — runs rules over log files with no cluster: the same detection engine the
 * tagger runs. Prints one JSON line per firing on stdout and a summary on stderr.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAPPING_YAML,
  DetectionEngine,
  loadMapping,
  loadRuleText,
  type LoadError,
  type Rule,
} from '@riskline/detection';
import { eventInput, readEvents } from './event-input';
import { Progress } from './progress';
import { expandRulePaths, InputError, readTextFile } from './rule-files';

export const EVAL_USAGE =
  'usage: riskline eval --rules <dir|file>... --events <file|->... [--pipeline <mapping.yml>]...';

export interface FiringLine {
  readonly source: string;
  readonly event_index: number;
  readonly rule_id: string;
  readonly rule_title: string;
  readonly level: string;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
}

function firingLine(source: string, index: number, rule: Rule): FiringLine {
  return {
    source,
    event_index: index,
    rule_id: rule.id,
    rule_title: rule.title,
    level: rule.level,
    tactics: rule.tactics,
    techniques: rule.techniques,
  };
}

function describeLoadError(e: LoadError): string {
  return `${e.source}${e.id ? ` [${e.id}]` : ''}: ${e.reason}`;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Runs the command; resolves to the exit code. */
export async function evalCommand(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        rules: { type: 'string', multiple: true },
        events: { type: 'string', multiple: true },
        pipeline: { type: 'string', multiple: true },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${EVAL_USAGE}`);
    return 2;
  }
  if (!values.rules?.length || !values.events?.length) {
    io.err(EVAL_USAGE);
    return 2;
  }
  try {
    const mappingTexts = values.pipeline?.length
      ? values.pipeline.map((p) => readTextFile(p, 'pipeline'))
      : [{ name: 'default', text: DEFAULT_MAPPING_YAML }];
    const mapping = loadMapping(mappingTexts);
    for (const error of mapping.errors) io.err(`pipeline: ${error}`);
    const t0 = performance.now();
    const rules: Rule[] = [];
    const errors: LoadError[] = [];
    for (const path of expandRulePaths(values.rules)) {
      const file = readTextFile(path, 'rule file');
      const load = loadRuleText(file.name, file.text);
      rules.push(...load.rules);
      errors.push(...load.errors);
    }
    for (const error of errors) io.err(`rule not loaded: ${describeLoadError(error)}`);
    const engine = new DetectionEngine(rules, mapping.mapping);
    const loadMs = performance.now() - t0;

    const inputs = values.events.map(eventInput);
    const progress = new Progress(
      inputs.every((i) => i.size !== null) ? inputs.reduce((s, i) => s + i.size!, 0) : null,
    );
    let events = 0;
    let firings = 0;
    const t1 = performance.now();
    for (const input of inputs) {
      let index = 0;
      for await (const event of readEvents(input, (bytes) => progress.advance(bytes, events))) {
        for (const firing of engine.evaluate(event, `${input.source}#${index}`)) {
          io.out(JSON.stringify(firingLine(input.source, index, firing.rule)));
          firings++;
        }
        index++;
        events++;
      }
    }
    progress.finish();
    const seconds = (performance.now() - t1) / 1000;
    io.err(
      `events: ${events}, firings: ${firings}, rules loaded: ${rules.length}, rules failed: ${errors.length}, ` +
        `load: ${Math.round(loadMs)} ms, ${Math.round(events / Math.max(seconds, 1e-9))} events/s`,
    );
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`riskline eval: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
