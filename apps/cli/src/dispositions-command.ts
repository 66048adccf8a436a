/**
 * `riskline dispositions` — replays analyst verdicts from files with no cluster: the same
 * expansion (through an index of the risk incidents given), per-rule store and auto-clip the
 * disposition ingestor runs, in file order as one partition. Prints each auto-clip rule-state
 * record as it happens and every rule's final scorecard as JSON lines on stdout, and a summary
 * on stderr; a verdict that cannot be placed is reported and skipped.
 */
import { parseArgs } from 'node:util';
import {
  countVerdict,
  DEFAULT_DISPOSITIONS_YAML,
  emptyDispositionState,
  expandDisposition,
  IncidentIndex,
  parseDispositionSettings,
  scorecardOf,
} from '@riskline/dispositions';
import { DispositionSchema, eventTimeMs, RiskIncidentSchema } from '@riskline/contracts';
import type { Io } from './eval-command';
import { readRecords } from './json-records';
import { InputError, readTextFile } from './rule-files';

export const DISPOSITIONS_USAGE =
  'usage: riskline dispositions --verdicts <file|->... [--incidents <file>...] [--config <dispositions.yml>]';

export async function dispositionsCommand(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        verdicts: { type: 'string', multiple: true },
        incidents: { type: 'string', multiple: true },
        config: { type: 'string' },
      },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${DISPOSITIONS_USAGE}`);
    return 2;
  }
  if (!values.verdicts?.length) {
    io.err(DISPOSITIONS_USAGE);
    return 2;
  }
  try {
    const settings = parseDispositionSettings(
      values.config ? readTextFile(values.config, 'disposition settings').text : DEFAULT_DISPOSITIONS_YAML,
    );
    const index = new IncidentIndex(settings.windowMs, settings.maxIncidents);
    for await (const record of readRecords(values.incidents ?? [], RiskIncidentSchema)) {
      if (record.ok) index.record(record.value);
      else io.err(`incident not indexed ${record.where}: ${record.reason}`);
    }
    const state = emptyDispositionState(settings);
    let watermark = -Infinity;
    let verdicts = 0;
    let rejected = 0;
    for await (const record of readRecords(values.verdicts, DispositionSchema)) {
      verdicts++;
      const expansion = record.ok ? expandDisposition(record.value, index) : record;
      if (!expansion.ok) {
        rejected++;
        io.err(`rejected ${record.where}: ${expansion.reason}`);
        continue;
      }
      for (const perRule of expansion.records) {
        const ts = eventTimeMs(perRule.timestamp);
        watermark = Math.max(watermark, ts);
        for (const change of countVerdict(state, settings, perRule, ts).changes)
          if (change.kind === 'rule_state')
            io.out(JSON.stringify({ kind: 'rule_state', ...change.ruleState }));
      }
    }
    for (const [ruleId, tally] of [...state.rules].sort(([a], [b]) => (a < b ? -1 : 1)))
      io.out(JSON.stringify({ kind: 'scorecard', ...scorecardOf(ruleId, tally, settings, watermark) }));
    io.err(
      `verdicts: ${verdicts}, rejected: ${rejected}, counted: ${state.counters.counted}, ` +
        `duplicates: ${state.counters.duplicates}, late: ${state.counters.late}, rules: ${state.rules.size}, ` +
        `incidents indexed: ${index.size}`,
    );
    return 0;
  } catch (error) {
    const problems = (error as { problems?: readonly string[] }).problems;
    if (error instanceof InputError || problems) {
      io.err(`riskline dispositions: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}
