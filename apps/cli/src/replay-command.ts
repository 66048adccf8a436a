/**
 * `riskline tag`, `riskline risk` and `riskline replay` — the pipeline over log files with no
 * cluster, on the services' own processors (libs/tagging's tagger, libs/risk's accumulator) fed
 * by the offline runner: `tag` runs events through the tagger (and its Sigma correlations through
 * the correlator), `risk` runs contributions through
 * the accumulator, `replay` chains the two in-process as the topics do. Each output is one JSON
 * line `{"kind", "key", "value"}` (value: the message as it would be on its topic), selectable
 * with `--output`; dead letters and malformed records go to stderr with file and line, and a
 * summary always ends the run.
 */
import { entityKey, type TopicNames } from '@riskline/contracts';
import { parseRiskSettings, riskProcessor } from '@riskline/risk';
import { outputMessage, type Output } from '@riskline/stream-core';
import { RuleStates } from '@riskline/rule-state';
import { correlatorProcessor, parseRiskConfig, taggerProcessor } from '@riskline/tagging';
import type { EventShapeSetting } from '@riskline/detection';
import { parseCommandLine, UsageError, type OptionSpec } from './command-line';
import { eventShapeOption } from './event-shape-option';
import { placeholderOption } from './placeholder-option';
import { expandPaths, RECORD_FILES, totalSize } from './input-files';
import type { Io } from './io';
import { readJsonRecords, recordReading } from './json-records';
import { failedRun } from './run-outcome';
import { offlineTopics } from './offline/offline-topics';
import { describeRefused, OfflinePartition, type RefusedRecord } from './offline/offline-partition';
import { Progress } from './progress';
import { loadRuleSet } from './rule-set';
import { settingsFromFile } from './settings-file';
import { contextTable } from './context-lists';

const PIPELINE_OPTIONS = {
  rules: 'list',
  events: 'list',
  contributions: 'list',
  pipeline: 'list',
  placeholder: 'list',
  'risk-config': 'string',
  assets: 'list',
  identities: 'list',
  policies: 'string',
  output: 'string',
  shape: 'string',
  strict: 'boolean',
} as const satisfies OptionSpec;

const KINDS = ['detection', 'contribution', 'incident'] as const;
type Kind = (typeof KINDS)[number];

interface Pipeline {
  readonly name: 'tag' | 'risk' | 'replay';
  readonly usage: string;
  readonly tags: boolean;
  readonly accumulates: boolean;
  readonly input: 'events' | 'contributions';
  readonly defaultOutput: readonly Kind[];
}

const PIPELINES: Record<Pipeline['name'], Pipeline> = {
  tag: {
    name: 'tag',
    usage:
      'usage: riskline tag --rules <dir|file>... --events <dir|file|->... [--pipeline <mapping.yml>...] [--placeholder name=values...] [--shape auto|flat|evtx|ecs|hec] [--risk-config <risk.yml>] [--assets <list.csv>...] [--identities <list.csv>...] [--output detection,contribution] [--strict]',
    tags: true,
    accumulates: false,
    input: 'events',
    defaultOutput: ['detection', 'contribution'],
  },
  risk: {
    name: 'risk',
    usage:
      'usage: riskline risk --contributions <dir|file|->... [--policies <policies.yml>] [--output incident] [--strict]',
    tags: false,
    accumulates: true,
    input: 'contributions',
    defaultOutput: ['incident'],
  },
  replay: {
    name: 'replay',
    usage:
      'usage: riskline replay --rules <dir|file>... --events <dir|file|->... [--pipeline <mapping.yml>...] [--placeholder name=values...] [--shape auto|flat|evtx|ecs|hec] [--risk-config <risk.yml>] [--assets <list.csv>...] [--identities <list.csv>...] [--policies <policies.yml>] [--output detection,contribution,incident] [--strict]',
    tags: true,
    accumulates: true,
    input: 'events',
    defaultOutput: KINDS,
  },
};

export const TAG_USAGE = PIPELINES.tag.usage;
export const RISK_USAGE = PIPELINES.risk.usage;
export const REPLAY_USAGE = PIPELINES.replay.usage;

function kindOf(topic: string, topics: TopicNames): Kind | null {
  if (topic === topics.detections) return 'detection';
  if (topic === topics.riskContributions) return 'contribution';
  if (topic === topics.riskIncidents) return 'incident';
  return null;
}

function parseOutput(text: string | undefined, pipeline: Pipeline): readonly Kind[] {
  if (text === undefined) return pipeline.defaultOutput;
  const kinds = text.split(',').map((k) => k.trim().replace(/s$/, ''));
  for (const kind of kinds)
    if (!(KINDS as readonly string[]).includes(kind))
      throw new UsageError(`--output: '${kind}' is not one of ${KINDS.join(', ')}`);
  return kinds as Kind[];
}

/**
 * A contribution as `risk` reads it: either the message itself, or a line of `tag`'s output
 * (`{"kind": "contribution", "value": …}`) so `riskline tag … | riskline risk --contributions -`
 * works, as do `riskline dispositions`' `incident_verdict` lines (the verdicts fed back to the
 * accumulator); the other kinds are not the accumulator's input and are passed over.
 */
function contributionOf(record: Record<string, unknown>): Record<string, unknown> | null {
  const { kind, value } = record;
  if (typeof kind !== 'string' || typeof value !== 'object' || value === null) return record;
  return kind === 'contribution' || kind === 'incident_verdict' ? (value as Record<string, unknown>) : null;
}

async function runPipeline(pipeline: Pipeline, argv: readonly string[], io: Io): Promise<number> {
  let options;
  let output: readonly Kind[];
  let shape: EventShapeSetting;
  let placeholders: ReadonlyMap<string, readonly string[]>;
  try {
    options = parseCommandLine(argv, PIPELINE_OPTIONS);
    const inputs = options[pipeline.input];
    if (!inputs.length || (pipeline.tags && !options.rules.length))
      throw new UsageError(`${pipeline.tags ? '--rules and ' : ''}--${pipeline.input} are required`);
    output = parseOutput(options.output, pipeline);
    shape = eventShapeOption(options.shape);
    placeholders = placeholderOption(options.placeholder);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${pipeline.usage}`);
    return 2;
  }

  const counts = new Map<string, number>([
    ['records', 0],
    ['malformed', 0],
    ['detection', 0],
    ['contribution', 0],
    ['incident', 0],
    ['dead letters', 0],
  ]);
  const add = (name: string, n = 1) => counts.set(name, (counts.get(name) ?? 0) + n);
  let loadNote = '';
  const t0 = performance.now();
  const summary = () => {
    const seconds = Math.max((performance.now() - t0) / 1000, 1e-9);
    io.err(
      `${pipeline.input}: ${counts.get('records')}, malformed: ${counts.get('malformed')}, ` +
        (pipeline.tags
          ? `detections: ${counts.get('detection')}, contributions: ${counts.get('contribution')}, `
          : '') +
        (pipeline.accumulates ? `incidents: ${counts.get('incident')}, ` : '') +
        `dead letters: ${counts.get('dead letters')}${loadNote}, ` +
        `${Math.round((counts.get('records') ?? 0) / seconds)} ${pipeline.input}/s`,
    );
  };
  const deadLetter = (refused: RefusedRecord) => io.err(describeRefused(refused));
  try {
    const topics = offlineTopics();
    const emit = (o: Output) => {
      const kind = kindOf(o.topic, topics);
      if (!kind) return;
      add(kind);
      if (output.includes(kind)) io.out(JSON.stringify({ kind, key: o.key, value: o.value }));
    };
    let tagger: OfflinePartition<unknown, unknown> | null = null;
    let correlator: OfflinePartition<unknown, unknown> | null = null;
    if (pipeline.tags) {
      const ruleSet = loadRuleSet(options.rules, options.pipeline, io, placeholders);
      const { engine } = ruleSet;
      loadNote = `, rules loaded: ${engine.loadedRuleCount}, rules unmapped: ${engine.unmapped.length}, rules failed: ${ruleSet.errors.length}, load: ${Math.round(ruleSet.loadMs)} ms`;
      if (ruleSet.problem) {
        io.err(`riskline ${pipeline.name}: ${ruleSet.problem}`);
        summary();
        return 1;
      }
      const risk = settingsFromFile(options['risk-config'], parseRiskConfig, 'risk config');
      const ruleStates = new RuleStates();
      const contexts = contextTable(options, risk);
      tagger = new OfflinePartition(
        taggerProcessor({
          topics,
          engine: () => ruleSet.engine,
          ruleStates: () => ruleStates,
          contexts: () => contexts,
          risk,
          maxEventBytes: 8 * 1024 * 1024,
          shape,
        }) as never,
        deadLetter,
      );
      correlator = new OfflinePartition(
        correlatorProcessor({
          topics,
          engine: () => ruleSet.engine,
          ruleStates: () => ruleStates,
          contexts: () => contexts,
          risk,
        }) as never,
        deadLetter,
      );
    }
    const accumulator = pipeline.accumulates
      ? new OfflinePartition(
          riskProcessor(topics, settingsFromFile(options.policies, parseRiskSettings, 'risk policies')),
          deadLetter,
        )
      : null;

    const files = expandPaths(options[pipeline.input], pipeline.input, RECORD_FILES);
    const progress = new Progress(totalSize(files));
    const reading = recordReading(
      io,
      options.strict,
      () => add('malformed'),
      (bytes: number) => progress.advance(bytes, counts.get('records') ?? 0),
    );
    const accumulate = (key: string | null, value: Buffer, where: string) => {
      for (const o of accumulator!.feed({ key, value, where })) emit(o);
    };
    try {
      for await (const record of readJsonRecords(files, reading)) {
        add('records');
        const value = Buffer.from(JSON.stringify(record.value));
        if (!tagger) {
          const contribution = contributionOf(record.value);
          if (contribution === null) continue;
          const { entity_type: type, entity_value: entityValue } = contribution;
          const key =
            typeof type === 'string' && typeof entityValue === 'string' ? entityKey(type, entityValue) : null;
          accumulate(
            key,
            contribution === record.value ? value : Buffer.from(JSON.stringify(contribution)),
            record.where,
          );
          continue;
        }
        // As the topics route them: correlation inputs (from the tagger, and from correlations
        // of correlations) to the correlator, contributions to the accumulator.
        const pending = [...tagger.feed({ key: null, value, where: record.where })];
        while (pending.length > 0) {
          const o = pending.shift()!;
          if (o.topic === topics.correlationInputs) {
            const message = outputMessage(o);
            pending.push(
              ...correlator!.feed({
                key: o.key as string,
                value: Buffer.from(message.value),
                where: record.where,
              }),
            );
            continue;
          }
          emit(o);
          if (accumulator && o.topic === topics.riskContributions)
            accumulate(o.key as string, Buffer.from(outputMessage(o).value), record.where);
        }
      }
    } finally {
      progress.finish();
    }
    add(
      'dead letters',
      (tagger?.deadLetters ?? 0) + (correlator?.deadLetters ?? 0) + (accumulator?.deadLetters ?? 0),
    );
    summary();
    return 0;
  } catch (error) {
    return failedRun(`${pipeline.name}`, error, io, summary);
  }
}

export const tagCommand = (argv: readonly string[], io: Io) => runPipeline(PIPELINES.tag, argv, io);
export const riskCommand = (argv: readonly string[], io: Io) => runPipeline(PIPELINES.risk, argv, io);
export const replayCommand = (argv: readonly string[], io: Io) => runPipeline(PIPELINES.replay, argv, io);
