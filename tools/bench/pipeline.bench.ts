/**
 * `npm run bench:pipeline` — events → incidents through the services' processors on the local
 * broker and Redis: a tagger process (bundled rule pack) and a risk accumulator process (shipped
 * policies plus a latency probe, see pipeline-stages.ts), each a StreamRunner over 12 partitions.
 *
 *   1. Throughput: a backlog of scenario events is produced first; the tagger starts on it once
 *      the risk stage waits on its input, timed from the tagger's partition assignment (rule
 *      load excluded) until both groups have committed everything (tagger: every event; risk:
 *      every contribution the tagger wrote). Baseline in the same run: the bare kafkajs
 *      consume→produce loop over the same backlog. Goal: ≥ 0.5× the bare loop.
 *   2. Latency: at 25%, 50% and 75% of that throughput, fresh events are produced paced for
 *      PHASE_S seconds; each incident's Kafka timestamp is its event's (the runtime gives every
 *      output its input record's), so receipt time − timestamp is the event → incident latency.
 *      Goal: p99 < 1 s at half of the maximum rate.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import type { Admin, Kafka } from 'kafkajs';
import { topicEnvVar, topicNames, topicPlan, type TopicId } from '@riskline/contracts';
import { generateScenario, SCENARIO_START_MS } from '@riskline/scenario';
import { createKafka, ensureTopics, silentLog } from '@riskline/stream-runtime';
import { bareLoops } from '@riskline/stream-runtime/bench';
import {
  committedTotal,
  produceRange,
  startWorker,
  stopWorker,
  testBrokers,
  testRedisUrl,
  type Worker,
} from '@riskline/stream-runtime/testing';

const PARTITIONS = 12;
const BACKLOG = Number(process.env['PIPELINE_EVENTS'] ?? 150_000);
const PHASE_S = Number(process.env['PIPELINE_PHASE_S'] ?? 20);
const RATE_FRACTIONS = [0.25, 0.5, 0.75];
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Message = { key: string; value: string; timestamp?: string };

function events(seed: number, count: number, startMs: number): Message[] {
  return [...generateScenario({ seed, events: count, startMs })].map((e) => ({
    key: String(e['Computer'] ?? e['src_ip'] ?? 'k'),
    value: JSON.stringify(e),
  }));
}

async function endOffsetsTotal(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

/** Waits until the tagger committed `events` and the risk group every contribution written. */
async function drained(
  admin: Admin,
  groups: { tagger: string; risk: string },
  topics: Record<TopicId, string>,
  events: number,
) {
  const deadline = Date.now() + 600_000;
  const check = async () => {
    if ((await committedTotal(admin, groups.tagger, topics.events)) < events) return false;
    const contributions = await endOffsetsTotal(admin, topics.riskContributions);
    return (await committedTotal(admin, groups.risk, topics.riskContributions)) >= contributions;
  };
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('pipeline did not drain in 10 min');
    await sleep(50);
  }
}

/** Sends `messages` at `perSecond`, stamping each with its send time; returns the send window. */
async function paced(kafka: Kafka, topic: string, messages: Message[], perSecond: number) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const tickMs = 20;
  const start = Date.now();
  let sent = 0;
  while (sent < messages.length) {
    const due = Math.min(messages.length, Math.ceil(((Date.now() - start + tickMs) / 1000) * perSecond));
    if (due > sent) {
      const now = String(Date.now());
      await producer.send({
        topic,
        acks: -1,
        messages: messages.slice(sent, due).map((m) => ({ ...m, timestamp: now })),
      });
      sent = due;
    }
    await sleep(Math.max(0, start + (sent / perSecond) * 1000 - Date.now()));
  }
  const end = Date.now();
  await producer.disconnect();
  return { start, end, achieved: messages.length / ((end - start) / 1000) };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const env: Record<string, string> = {};
  const defaults = topicNames();
  for (const id of Object.keys(defaults) as TopicId[])
    env[topicEnvVar(id)] = `bench.pipeline.${run}.${defaults[id]}`;
  const topics = topicNames(env);
  const kafka = createKafka({ clientId: 'bench-pipeline', brokers: testBrokers(), log: silentLog });
  const admin = kafka.admin();
  await admin.connect();
  const bareTopic = `bench.pipeline.${run}.bare`;
  await ensureTopics(admin, [
    ...topicPlan(topics, PARTITIONS),
    { name: bareTopic, partitions: PARTITIONS, cleanupPolicy: 'delete', isDlq: false },
  ]);

  const groups = { tagger: `bench-pipeline-tagger-${run}`, risk: `bench-pipeline-risk-${run}` };
  const workerEnv = {
    ...env,
    KAFKA_BROKERS: testBrokers().join(','),
    REDIS_URL: testRedisUrl(),
    CHECKPOINT_MS: '250',
  };
  const stage = (name: 'tagger' | 'risk', input: string, output: string) =>
    startWorker(
      {
        processorModule: 'tools/bench/pipeline-stages.ts',
        service: `bench-pipeline-${name}-${run}`,
        inputTopic: input,
        outputTopic: output,
        groupId: groups[name],
        partitions: PARTITIONS,
      },
      { ...workerEnv, STAGE: name },
    );
  const assigned = async (w: Worker) => {
    while (!w.output().includes('partitions assigned')) {
      if (w.child.exitCode !== null) throw new Error(`a stage exited:\n${w.output().slice(-3000)}`);
      await sleep(10);
    }
  };
  const workers: Worker[] = [];
  const latencies: { ts: number; ms: number }[] = [];
  const incidents = kafka.consumer({ groupId: `bench-pipeline-incidents-${run}`, maxWaitTimeInMs: 50 });
  try {
    workers.push(stage('risk', topics.riskContributions, topics.riskIncidents));
    await assigned(workers[0]!);
    await incidents.connect();
    await incidents.subscribe({ topic: topics.riskIncidents, fromBeginning: true });
    await incidents.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages)
          latencies.push({ ts: Number(m.timestamp), ms: now - Number(m.timestamp) });
      },
    });

    const backlog = events(11, BACKLOG, SCENARIO_START_MS);
    await produceRange(kafka, topics.events, 0, backlog.length, (i) => backlog[i]!);
    workers.push(stage('tagger', topics.events, topics.riskContributions));
    await assigned(workers[1]!);
    const t0 = performance.now();
    await drained(admin, groups, topics, BACKLOG);
    const pipelinePerS = BACKLOG / ((performance.now() - t0) / 1000);
    const bare = await bareLoops(kafka, topics.events, bareTopic, BACKLOG);
    const throughput = {
      events: BACKLOG,
      contributions: await endOffsetsTotal(admin, topics.riskContributions),
      incidents: latencies.length,
      bare_kafkajs_msgs_per_s: Math.round(bare.stock),
      bare_patched_kafkajs_msgs_per_s: Math.round(bare.patched),
      pipeline_events_per_s: Math.round(pipelinePerS),
      ratio_vs_bare: Number((pipelinePerS / bare.stock).toFixed(3)),
      ratio_vs_patched_bare: Number((pipelinePerS / bare.patched).toFixed(3)),
    };

    const phases = [];
    let sentSoFar = BACKLOG;
    for (const [i, fraction] of RATE_FRACTIONS.entries()) {
      const rate = Math.max(50, Math.round(pipelinePerS * fraction));
      const batch = events(100 + i, rate * PHASE_S, SCENARIO_START_MS + (i + 1) * 14 * DAY);
      const window = await paced(kafka, topics.events, batch, rate);
      sentSoFar += batch.length;
      await drained(admin, groups, topics, sentSoFar);
      await sleep(1000);
      const samples = latencies
        .filter((l) => l.ts >= window.start && l.ts <= window.end)
        .map((l) => l.ms)
        .sort((a, b) => a - b);
      phases.push({
        fraction_of_max: fraction,
        offered_events_per_s: rate,
        achieved_events_per_s: Math.round(window.achieved),
        incidents: samples.length,
        p50_ms: percentile(samples, 50),
        p95_ms: percentile(samples, 95),
        p99_ms: percentile(samples, 99),
        max_ms: samples.at(-1) ?? NaN,
      });
    }
    console.log(
      JSON.stringify({ partitions: PARTITIONS, cores: cpus().length, throughput, latency: phases }, null, 2),
    );
    const half = phases.find((p) => p.fraction_of_max === 0.5)!;
    console.log(
      `pipeline ${throughput.ratio_vs_bare}× the bare loop (goal >= 0.5; ${throughput.ratio_vs_patched_bare}× with patched kafkajs); p99 event→incident at half of max rate: ${half.p99_ms} ms (goal < 1000 ms)`,
    );
  } finally {
    await incidents.disconnect().catch(() => undefined);
    await Promise.all(workers.map((w) => stopWorker(w)));
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
