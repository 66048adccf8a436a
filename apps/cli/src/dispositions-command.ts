/**
 * `riskline dispositions` — replays analyst verdicts from files with no cluster: the disposition
 * ingestor's own two processors (libs/dispositions' router, through an index of the risk
 * incidents given, and per-rule store with its expiry timer) chained on the offline runner in
 * file order, as one partition each. Prints each auto-clip rule-state record as it happens and
 * every rule's final scorecard as JSON lines on stdout, and a summary on stderr; a verdict that
 * cannot be placed is a dead letter on stderr with its file and line.
 */
import {
  IncidentIndex,
  parseDispositionSettings,
  scorecardOf,
  verdictRouterProcessor,
  verdictStoreProcessor,
} from '@riskline/dispositions';
import { RiskIncidentSchema, validatePlain } from '@riskline/contracts';
import { outputMessage } from '@riskline/stream-core';
import { parseCommandLine, UsageError } from './command-line';
import { expandPaths, RECORD_FILES } from './input-files';
import type { Io } from './io';
import { readJsonRecords, recordReading } from './json-records';
import { failedRun } from './run-outcome';
import { offlineTopics } from './offline/offline-topics';
import { describeRefused, OfflinePartition, type RefusedRecord } from './offline/offline-partition';
import { settingsFromFile } from './settings-file';

export const DISPOSITIONS_USAGE =
  'usage: riskline dispositions --verdicts <dir|file|->... [--incidents <dir|file>...] [--config <dispositions.yml>] [--strict]';

export async function dispositionsCommand(argv: readonly string[], io: Io): Promise<number> {
  let options;
  try {
    options = parseCommandLine(argv, {
      verdicts: 'list',
      incidents: 'list',
      config: 'string',
      strict: 'boolean',
    });
    if (!options.verdicts.length) throw new UsageError('--verdicts is required');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${DISPOSITIONS_USAGE}`);
    return 2;
  }
  const counts = {
    verdicts: 0,
    malformed: 0,
    deadLetters: 0,
    counted: 0,
    duplicates: 0,
    late: 0,
    rules: 0,
    indexed: 0,
  };
  const summary = () =>
    io.err(
      `verdicts: ${counts.verdicts}, malformed: ${counts.malformed}, dead letters: ${counts.deadLetters}, ` +
        `counted: ${counts.counted}, duplicates: ${counts.duplicates}, late: ${counts.late}, rules: ${counts.rules}, ` +
        `incidents indexed: ${counts.indexed}`,
    );
  const reading = recordReading(io, options.strict, () => counts.malformed++);
  const deadLetter = (refused: RefusedRecord) => {
    counts.deadLetters++;
    io.err(describeRefused(refused));
  };
  try {
    const settings = settingsFromFile(options.config, parseDispositionSettings, 'disposition settings');
    const topics = offlineTopics();
    const index = new IncidentIndex(settings.windowMs, settings.maxIncidents);
    for await (const record of readJsonRecords(
      expandPaths(options.incidents, 'incidents', RECORD_FILES),
      reading,
    )) {
      const incident = validatePlain(RiskIncidentSchema, record.value);
      if (incident.ok) index.record(incident.value);
      else io.err(`incident not indexed ${record.where}: ${incident.rejection.message}`);
    }
    counts.indexed = index.size;
    const router = new OfflinePartition(verdictRouterProcessor(topics, index), deadLetter);
    const store = new OfflinePartition(verdictStoreProcessor(topics, settings), deadLetter);
    for await (const record of readJsonRecords(
      expandPaths(options.verdicts, 'verdicts', RECORD_FILES),
      reading,
    )) {
      counts.verdicts++;
      const value = Buffer.from(JSON.stringify(record.value));
      for (const perRule of router.feed({ key: null, value, where: record.where })) {
        // The verdict fed back to the accumulator: shown, for `riskline risk` to take.
        if (perRule.topic === topics.riskContributions) {
          io.out(JSON.stringify({ kind: 'incident_verdict', key: perRule.key, value: perRule.value }));
          continue;
        }
        for (const change of store.feed({
          key: perRule.key as string,
          value: Buffer.from(outputMessage(perRule).value),
          where: record.where,
        }))
          if (change.topic === topics.ruleState)
            io.out(JSON.stringify({ kind: 'rule_state', ...(change.value as object) }));
      }
    }
    const state = store.state;
    const watermark = store.progress.watermarkMs ?? 0;
    for (const [ruleId, tally] of [...state.rules].sort(([a], [b]) => (a < b ? -1 : 1)))
      io.out(JSON.stringify({ kind: 'scorecard', ...scorecardOf(ruleId, tally, settings, watermark) }));
    Object.assign(counts, state.counters, { rules: state.rules.size });
    summary();
    return 0;
  } catch (error) {
    return failedRun('dispositions', error, io, summary);
  }
}
