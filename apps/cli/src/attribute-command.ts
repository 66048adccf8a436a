/**
 * `riskline attribute` — merges attacker observations from files with no cluster: the same
 * mergers and correlator the attribution worker runs, over the input in file order as one
 * partition. Prints one JSON line per attribution event on stdout (state changes, multi-actor
 * suspicions) and a summary on stderr; an unusable observation is reported and skipped.
 * The correlator runs on event time as in the service, and once more at the end of the input.
 */
import { parseArgs } from 'node:util';
import {
  correlate,
  DEFAULT_ATTRIBUTION_YAML,
  emptyProfileState,
  observe,
  parseAttributionSettings,
} from '@riskline/attribution';
import { AttackerObservationSchema, eventTimeMs, type AttributionEvent } from '@riskline/contracts';
import { dueTimer } from '@riskline/stream-core';
import type { Io } from './eval-command';
import { readRecords } from './json-records';
import { InputError, readTextFile } from './rule-files';

export const ATTRIBUTE_USAGE =
  'usage: riskline attribute --observations <file|->... [--config <attribution.yml>]';

export async function attributeCommand(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { observations: { type: 'string', multiple: true }, config: { type: 'string' } },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${ATTRIBUTE_USAGE}`);
    return 2;
  }
  if (!values.observations?.length) {
    io.err(ATTRIBUTE_USAGE);
    return 2;
  }
  try {
    const settings = parseAttributionSettings(
      values.config ? readTextFile(values.config, 'attribution settings').text : DEFAULT_ATTRIBUTION_YAML,
    );
    const state = emptyProfileState(settings);
    const counts = { observations: 0, rejected: 0, changes: 0, suspicions: 0 };
    const emit = (events: readonly AttributionEvent[]) => {
      for (const e of events) {
        io.out(JSON.stringify(e));
        if (e.type === 'state_changed') counts.changes++;
        else counts.suspicions++;
      }
    };
    let watermark: number | null = null;
    let nextTimerAt: number | null = null;
    for await (const record of readRecords(values.observations, AttackerObservationSchema)) {
      counts.observations++;
      if (!record.ok) {
        counts.rejected++;
        io.err(`rejected ${record.where}: ${record.reason}`);
        continue;
      }
      const ts = eventTimeMs(record.value.ts);
      watermark = Math.max(watermark ?? ts, ts);
      try {
        emit(observe(state, settings, record.value, ts));
      } catch (error) {
        counts.rejected++;
        io.err(`rejected ${record.where}: ${(error as Error).message}`);
      }
      const due = dueTimer(nextTimerAt, watermark, settings.correlatorEveryMs);
      nextTimerAt = due.nextTimerAtMs;
      if (due.firesAtMs !== null) emit(correlate(state, settings, due.firesAtMs));
    }
    if (nextTimerAt !== null) emit(correlate(state, settings, nextTimerAt));
    io.err(
      `observations: ${counts.observations}, rejected: ${counts.rejected}, attackers: ${state.identities.size}, ` +
        `state changes: ${counts.changes}, multi-actor suspicions: ${counts.suspicions}`,
    );
    return 0;
  } catch (error) {
    const problems = (error as { problems?: readonly string[] }).problems;
    if (error instanceof InputError || problems) {
      io.err(`riskline attribute: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}
