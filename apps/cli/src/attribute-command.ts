/**
 * `riskline attribute` — merges attacker observations from files with no cluster: the
 * attribution worker's own processor (libs/attribution) on the offline runner, over the input
 * in file order as one partition. Prints one JSON line per attribution event on stdout (state
 * changes, multi-actor suspicions) and a summary on stderr; an unusable observation is a dead
 * letter on stderr with its file and line, as the worker would send it to the DLQ. The
 * correlator runs on event time as in the service, and once more at the end of the input.
 */
import { attributionProcessor, parseAttributionSettings } from '@riskline/attribution';
import type { AttributionEvent } from '@riskline/contracts';
import type { Output } from '@riskline/stream-core';
import { parseCommandLine, UsageError } from './command-line';
import { expandPaths, RECORD_FILES } from './input-files';
import type { Io } from './io';
import { readJsonRecords, recordReading } from './json-records';
import { failedRun } from './run-outcome';
import { offlineTopics } from './offline/offline-topics';
import { describeRefused, OfflinePartition } from './offline/offline-partition';
import { settingsFromFile } from './settings-file';

export const ATTRIBUTE_USAGE =
  'usage: riskline attribute --observations <dir|file|->... [--config <attribution.yml>] [--strict]';

export async function attributeCommand(argv: readonly string[], io: Io): Promise<number> {
  let options;
  try {
    options = parseCommandLine(argv, { observations: 'list', config: 'string', strict: 'boolean' });
    if (!options.observations.length) throw new UsageError('--observations is required');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${ATTRIBUTE_USAGE}`);
    return 2;
  }
  const counts = { observations: 0, malformed: 0, changes: 0, suspicions: 0, attackers: 0 };
  let partition: OfflinePartition<unknown, unknown> | null = null;
  const summary = () =>
    io.err(
      `observations: ${counts.observations}, malformed: ${counts.malformed}, dead letters: ${partition?.deadLetters ?? 0}, ` +
        `attackers: ${counts.attackers}, state changes: ${counts.changes}, multi-actor suspicions: ${counts.suspicions}`,
    );
  const emit = (outputs: readonly Output[]) => {
    for (const output of outputs) {
      const event = output.value as AttributionEvent;
      io.out(JSON.stringify(event));
      if (event.type === 'state_changed') counts.changes++;
      else counts.suspicions++;
    }
  };
  try {
    const settings = settingsFromFile(options.config, parseAttributionSettings, 'attribution settings');
    const processor = attributionProcessor(offlineTopics(), settings);
    const offline = new OfflinePartition(processor, (refused) => io.err(describeRefused(refused)));
    partition = offline as OfflinePartition<unknown, unknown>;
    const reading = recordReading(io, options.strict, () => counts.malformed++);
    for await (const record of readJsonRecords(
      expandPaths(options.observations, 'observations', RECORD_FILES),
      reading,
    )) {
      counts.observations++;
      const attacker = record.value['attacker_id'];
      emit(
        offline.feed({
          key: typeof attacker === 'string' ? attacker : null,
          value: Buffer.from(JSON.stringify(record.value)),
          where: record.where,
        }),
      );
    }
    emit(offline.flushTimer());
    counts.attackers = offline.state.identities.size;
    summary();
    return 0;
  } catch (error) {
    return failedRun('attribute', error, io, summary);
  }
}
