/**
 * `riskline eval` — runs rules over log files with no cluster: the same detection engine the
 * tagger runs, without the tagger's scoring. Prints one JSON line per firing on stdout and a
 * summary on stderr (always, even when the run is refused or aborted).
 */
import { openEvent, type EventShapeSetting } from '@riskline/detection';
import { parseCommandLine, UsageError } from './command-line';
import { FiringLineWriter } from './firing-line';
import { expandPaths, RECORD_FILES, totalSize } from './input-files';
import type { Io } from './io';
import { eventShapeOption } from './event-shape-option';
import { placeholderOption } from './placeholder-option';
import { readJsonRecords, recordReading, StrictAbort } from './json-records';
import { failedRun } from './run-outcome';
import { Progress } from './progress';
import { loadRuleSet } from './rule-set';

export const EVAL_USAGE =
  'usage: riskline eval --rules <dir|file>... --events <dir|file|->... [--pipeline <mapping.yml>...] [--placeholder name=values...] [--shape auto|flat|evtx|ecs|hec] [--strict]';

/** Runs the command; resolves to the exit code. */
export async function evalCommand(argv: readonly string[], io: Io): Promise<number> {
  let options;
  let shape: EventShapeSetting;
  let placeholders: ReadonlyMap<string, readonly string[]>;
  try {
    options = parseCommandLine(argv, {
      rules: 'list',
      events: 'list',
      pipeline: 'list',
      placeholder: 'list',
      shape: 'string',
      strict: 'boolean',
    });
    if (!options.rules.length || !options.events.length)
      throw new UsageError('--rules and --events are required');
    shape = eventShapeOption(options.shape);
    placeholders = placeholderOption(options.placeholder);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${EVAL_USAGE}`);
    return 2;
  }
  const counts = { events: 0, malformed: 0, firings: 0, rules: 0, unmapped: 0, failed: 0, loadMs: 0 };
  const t1 = performance.now();
  const summary = () =>
    io.err(
      `events: ${counts.events}, malformed: ${counts.malformed}, firings: ${counts.firings}, ` +
        `rules loaded: ${counts.rules}, rules unmapped: ${counts.unmapped}, rules failed: ${counts.failed}, ` +
        `load: ${Math.round(counts.loadMs)} ms, ` +
        `${Math.round(counts.events / Math.max((performance.now() - t1) / 1000, 1e-9))} events/s`,
    );
  try {
    const ruleSet = loadRuleSet(options.rules, options.pipeline, io, placeholders);
    Object.assign(counts, {
      rules: ruleSet.rules.length - ruleSet.engine.unmapped.length,
      unmapped: ruleSet.engine.unmapped.length,
      failed: ruleSet.errors.length,
      loadMs: ruleSet.loadMs,
    });
    if (ruleSet.problem) {
      io.err(`riskline eval: ${ruleSet.problem}`);
      summary();
      return 1;
    }
    const files = expandPaths(options.events, 'events', RECORD_FILES);
    const progress = new Progress(totalSize(files));
    const reading = recordReading(
      io,
      options.strict,
      () => counts.malformed++,
      (bytes: number) => progress.advance(bytes, counts.events),
    );
    const lines = new FiringLineWriter();
    try {
      for await (const record of readJsonRecords(files, reading)) {
        const opened = openEvent(record.value, shape);
        if ('reason' in opened) {
          reading.onMalformed(record.where, opened.reason);
          if (reading.strict) throw new StrictAbort(`${record.where}: ${opened.reason}`);
          continue;
        }
        for (const firing of ruleSet.engine.evaluate(opened.event, record.where)) {
          io.out(lines.text(record.source, record.line, record.index, firing.rule));
          counts.firings++;
        }
        counts.events++;
      }
    } finally {
      progress.finish();
    }
    summary();
    return 0;
  } catch (error) {
    return failedRun('eval', error, io, summary);
  }
}
