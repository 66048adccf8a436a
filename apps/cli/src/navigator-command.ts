/**
 * `riskline navigator --rules <dir|file>... [--detections <dir|file|->...] [--from <time>]
 * [--to <time>] [--name <text>] [--attack-version <n>]` — ATT&CK Navigator layers (format 4.5)
 * on stdout: the rules' coverage (each technique scored by how many rules detect it, from the
 * rule files as the tagger loads them) and, with `--detections`, what fired (soc.detections
 * messages or `riskline tag` output lines, in an event-time range). One layer is printed as an
 * object; two as the list the Navigator's "download all layers" writes. Load it in the Navigator
 * with "Open Existing Layer → Upload from local".
 */
import { DetectionSchema, validatePlain, type Detection } from '@riskline/contracts';
import { coverageTally, detectionTally, navigatorLayer, type NavigatorLayer } from '@riskline/tagging';
import { parseCommandLine, UsageError } from './command-line';
import { expandPaths, RECORD_FILES } from './input-files';
import type { Io } from './io';
import { readJsonRecords, recordReading } from './json-records';
import { failedRun } from './run-outcome';
import { loadRuleSet } from './rule-set';

export const NAVIGATOR_USAGE =
  'usage: riskline navigator [--rules <dir|file>...] [--detections <dir|file|->...] [--pipeline <mapping.yml>...] [--from <time>] [--to <time>] [--name <text>] [--attack-version <n>]';

const OPTIONS = {
  rules: 'list',
  detections: 'list',
  pipeline: 'list',
  from: 'string',
  to: 'string',
  name: 'string',
  'attack-version': 'string',
  strict: 'boolean',
} as const;

function timeOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms))
    throw new UsageError(`--${name}: '${text}' is not a time (RFC 3339, e.g. 2026-01-31T00:00:00Z)`);
  return ms;
}

/** A detection as given: the message itself, or a `riskline tag` output line of kind detection. */
function detectionOf(record: Record<string, unknown>): Record<string, unknown> | null {
  const { kind, value } = record;
  if (typeof kind !== 'string' || typeof value !== 'object' || value === null) return record;
  return kind === 'detection' ? (value as Record<string, unknown>) : null;
}

export async function navigatorCommand(argv: readonly string[], io: Io): Promise<number> {
  let options;
  let fromMs: number;
  let toMs: number;
  try {
    options = parseCommandLine(argv, OPTIONS);
    if (!options.rules.length && !options.detections.length)
      throw new UsageError('--rules or --detections is required');
    fromMs = timeOption('from', options.from, -Infinity);
    toMs = timeOption('to', options.to, Infinity);
    if (options['attack-version'] !== undefined && !/^\d{1,3}(\.\d{1,3})?$/.test(options['attack-version']))
      throw new UsageError(
        `--attack-version: '${options['attack-version']}' is not an ATT&CK version like 17`,
      );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${NAVIGATOR_USAGE}`);
    return 2;
  }
  const name = options.name ?? 'Riskline';
  const attackVersion = options['attack-version'];
  const layers: NavigatorLayer[] = [];
  let malformed = 0;
  const summary = () => io.err(`layers: ${layers.length}, malformed: ${malformed}`);
  try {
    if (options.rules.length) {
      const ruleSet = loadRuleSet(options.rules, options.pipeline, io);
      if (ruleSet.problem) {
        io.err(`riskline navigator: ${ruleSet.problem}`);
        return 1;
      }
      const rules = [...ruleSet.rules, ...ruleSet.engine.correlations.correlations()];
      layers.push(
        navigatorLayer(coverageTally(rules), {
          name: `${name} rule coverage`,
          description: `Techniques detected by ${rules.length} rules (score: rules per technique)`,
          unit: 'rule',
          ...(attackVersion ? { attackVersion } : {}),
        }),
      );
    }
    if (options.detections.length) {
      const detections: Detection[] = [];
      const reading = recordReading(io, options.strict, () => malformed++);
      for await (const record of readJsonRecords(
        expandPaths(options.detections, 'detections', RECORD_FILES),
        reading,
      )) {
        const plain = detectionOf(record.value);
        if (plain === null) continue;
        const decoded = validatePlain(DetectionSchema, plain);
        if (decoded.ok) detections.push(decoded.value);
        else {
          malformed++;
          io.err(`not a detection ${record.where}: ${decoded.rejection.message}`);
        }
      }
      const range = `${Number.isFinite(fromMs) ? new Date(fromMs).toISOString() : 'the first'} to ${Number.isFinite(toMs) ? new Date(toMs).toISOString() : 'the last'}`;
      layers.push(
        navigatorLayer(detectionTally(detections, fromMs, toMs), {
          name: `${name} detections`,
          description: `Detections from ${range} (score: detections per technique)`,
          unit: 'detection',
          ...(attackVersion ? { attackVersion } : {}),
        }),
      );
    }
    io.out(JSON.stringify(layers.length === 1 ? layers[0] : layers, null, 2));
    summary();
    return 0;
  } catch (error) {
    return failedRun('navigator', error, io, summary);
  }
}
