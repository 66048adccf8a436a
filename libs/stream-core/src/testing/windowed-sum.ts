/**
 * The runtime's reference processor for tests and benchmarks: per-key sums in tumbling
 * event-time windows. Each closed window is emitted once with a deterministic id; all-time
 * per-key totals make any double-applied or missed record visible in the state.
 */
import {
  decodeJsonObject,
  deterministicId,
  eventTimeMs,
  isEventTime,
  type Decoded,
} from '@riskline/contracts';
import type { InputRecord, Output, PartitionedProcessor } from '../processor';

export interface SumMessage {
  readonly key: string;
  readonly n: number;
  readonly ts: string;
}

export interface KeySums {
  windowStartMs: number;
  windowSum: number;
  windowCount: number;
  totalSum: number;
  totalCount: number;
}

export interface WindowedSumState {
  readonly keys: Map<string, KeySums>;
  late: number;
}

export interface WindowClosed {
  readonly id: string;
  readonly key: string;
  readonly window_start: number;
  readonly sum: number;
  readonly count: number;
}

export const WINDOW_MS = 60_000;

function decodeSum(record: InputRecord): Decoded<SumMessage> {
  const object = decodeJsonObject(record.value);
  if (!object.ok) return object;
  const { key, n, ts } = object.value;
  if (typeof key !== 'string' || typeof n !== 'number' || !Number.isFinite(n) || !isEventTime(ts)) {
    return {
      ok: false,
      rejection: { kind: 'schema_violation', message: 'expected {key: string, n: number, ts: RFC 3339}' },
    };
  }
  return { ok: true, value: { key, n, ts } };
}

function closeWindow(outputTopic: string, key: string, sums: KeySums): Output {
  const closed: WindowClosed = {
    id: deterministicId('test-window', key, sums.windowStartMs),
    key,
    window_start: sums.windowStartMs,
    sum: sums.windowSum,
    count: sums.windowCount,
  };
  return { topic: outputTopic, key, value: closed };
}

export function windowedSumProcessor(options: {
  name: string;
  inputTopic: string;
  outputTopic: string;
}): PartitionedProcessor<WindowedSumState, SumMessage> {
  const { outputTopic } = options;
  return {
    name: options.name,
    partitionedByKey: true,
    inputTopic: options.inputTopic,
    decode: decodeSum,
    eventTime: (message) => eventTimeMs(message.ts),
    createState: () => ({ keys: new Map(), late: 0 }),
    handle(state, message, context) {
      const windowStartMs = Math.floor(context.eventTimeMs / WINDOW_MS) * WINDOW_MS;
      const outputs: Output[] = [];
      let sums = state.keys.get(message.key);
      if (!sums) {
        sums = { windowStartMs, windowSum: 0, windowCount: 0, totalSum: 0, totalCount: 0 };
        state.keys.set(message.key, sums);
      }
      sums.totalSum += message.n;
      sums.totalCount += 1;
      if (windowStartMs < sums.windowStartMs) {
        state.late += 1;
        return outputs;
      }
      if (windowStartMs > sums.windowStartMs) {
        if (sums.windowCount > 0) outputs.push(closeWindow(outputTopic, message.key, sums));
        sums.windowStartMs = windowStartMs;
        sums.windowSum = 0;
        sums.windowCount = 0;
      }
      sums.windowSum += message.n;
      sums.windowCount += 1;
      return outputs;
    },
    timer: {
      everyMs: WINDOW_MS,
      fire(state, context) {
        // Windows that ended a full window before the watermark can receive nothing more.
        const outputs: Output[] = [];
        for (const [key, sums] of state.keys) {
          if (sums.windowCount > 0 && sums.windowStartMs + 2 * WINDOW_MS <= context.watermarkMs) {
            outputs.push(closeWindow(outputTopic, key, sums));
            // The closed window is final: later records for it count as late, so a window id
            // is emitted once with one content.
            sums.windowStartMs += WINDOW_MS;
            sums.windowSum = 0;
            sums.windowCount = 0;
          }
        }
        return outputs;
      },
    },
    snapshot: {
      version: 1,
      encode: (state) => ({ keys: [...state.keys], late: state.late }),
      decode: (encoded) => {
        const { keys, late } = encoded as { keys: [string, KeySums][]; late: number };
        return { keys: new Map(keys), late };
      },
    },
  };
}

/** For the processor worker: the windowed-sum processor named by SERVICE, INPUT_TOPIC, OUTPUT_TOPIC. */
export function createProcessor(env: NodeJS.ProcessEnv) {
  return windowedSumProcessor({
    name: env['SERVICE']!,
    inputTopic: env['INPUT_TOPIC']!,
    outputTopic: env['OUTPUT_TOPIC']!,
  });
}
