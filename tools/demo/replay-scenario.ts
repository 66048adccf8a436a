/**
 * The demo `npm start` ends with: replays the seeded scenario (benign activity with two attack
 * stories, libs/scenario) into soc.events and the honeypot's attacker observations into
 * soc.attacker.observations, then reads what the services made of it and prints a summary:
 * detections per rule, the riskiest entities, the risk incidents raised, the analysts'
 * verdicts with the rules the feedback loop clipped, and the attackers' attribution profiles.
 * Environment: KAFKA_BROKERS, REDIS_URL, RISKLINE_API_TOKEN, RISKLINE_DISPOSITIONS_URL,
 * RISKLINE_ATTRIBUTION_URL, RISKLINE_DEMO_EVENTS (default 20000), RISKLINE_DEMO_SEED (42),
 * RISKLINE_DEMO_VERDICTS (0: post no analyst verdicts, leaving them to the console).
 */
import { eventTimeOf } from '@riskline/tagging';
import { randomUUID } from 'node:crypto';
import { topicNames, type ContributionRef, type Detection, type RiskIncident } from '@riskline/contracts';
import { generateScenario } from '@riskline/scenario';
import { connectRedis, createKafka, createRedis, silentLog } from '@riskline/stream-runtime';
import { judgeAndReport } from './analyst-verdicts';
import { reportAttribution, replayObservations } from './attacker-observations';
import { publishDemoContext } from './entity-context';

const LAST_END_KEY = 'riskline:demo:last-event-time';
const GAP_MS = 2 * 3_600_000;

/**
 * Where this run's event time starts: two hours ago, or — when an earlier demo on this stack
 * ended later than that — two hours after it. Risk windows and cooldowns run on event time, so
 * overlapping runs would be suppressed by the previous run's cooldowns.
 */
async function demoStartMs(
  redisUrl: string,
  events: number,
): Promise<{ startMs: number; record: () => Promise<void> }> {
  const redis = createRedis(redisUrl, silentLog);
  await connectRedis(redis);
  const previousEnd = Number((await redis.get(LAST_END_KEY)) ?? 0);
  const startMs = Math.max(Math.floor(Date.now() / 60_000) * 60_000 - GAP_MS, previousEnd + GAP_MS);
  // The scenario spaces events ~250 ms apart on average; a generous bound on where it ends.
  const endMs = startMs + events * 500 + GAP_MS;
  return {
    startMs,
    record: async () => {
      await redis.set(LAST_END_KEY, String(endMs));
      await redis.quit();
    },
  };
}

const QUIET_MS = 4000;
/** Time for the tagger's table readers to see freshly published context. */
const CONTEXT_SETTLE_MS = 2000;
const MAX_WAIT_MS = 120_000;

export async function replayScenario(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const topics = topicNames(env);
  const count = Number(env['RISKLINE_DEMO_EVENTS'] ?? 20_000);
  const seed = Number(env['RISKLINE_DEMO_SEED'] ?? 42);
  const kafka = createKafka({
    clientId: 'riskline-demo',
    brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    log: silentLog,
  });

  const seen: Detection[] = [];
  const incidents: RiskIncident[] = [];
  const demoDetections = new Set<string>();
  const consumer = kafka.consumer({ groupId: `riskline-demo-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.detections, topics.riskIncidents], fromBeginning: false });
  let lastArrival = Date.now();
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      lastArrival = Date.now();
      if (topic === topics.riskIncidents) {
        incidents.push(JSON.parse(message.value!.toString()) as RiskIncident);
        return;
      }
      const detection = JSON.parse(message.value!.toString()) as Detection;
      if (detection.source.event_id?.startsWith(`scn-${seed}-`)) {
        seen.push(detection);
        demoDetections.add(detection.detection_id);
      }
    },
  });
  while (!joined) await new Promise((r) => setTimeout(r, 100));

  // Context first: the tagger reads it as a table, and events should find it there.
  const contexts = await publishDemoContext(kafka, topics, env['RISK_CONFIG'] ?? 'demo/risk-config.yml');
  console.log(
    `[demo] published ${contexts} asset and identity records to ${topics.assets} and ${topics.identities}`,
  );
  await new Promise((r) => setTimeout(r, CONTEXT_SETTLE_MS));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let batch: { key: string; value: string; timestamp: string }[] = [];
  let sent = 0;
  const { startMs, record } = await demoStartMs(env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', count);
  for (const event of generateScenario({ seed, events: count, startMs })) {
    batch.push({
      key: String(event['Computer'] ?? event['src_ip'] ?? 'unknown'),
      value: JSON.stringify(event),
      // A replay keeps each event's own time as its Kafka timestamp, so the runtime's skew
      // guard (event time at most MAX_EVENT_TIME_SKEW_MS ahead of the record) holds for a
      // demo run whose event time starts after an earlier run's, ahead of the clock.
      timestamp: String(eventTimeOf(event, Date.now())),
    });
    if (batch.length === 2000) {
      await producer.send({ topic: topics.events, acks: -1, messages: batch });
      sent += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await producer.send({ topic: topics.events, acks: -1, messages: batch });
  sent += batch.length;
  await producer.disconnect();
  const observed = await replayObservations(kafka, topics, startMs);
  await record();
  console.log(
    `[demo] replayed ${sent} scenario events (seed ${seed}) into ${topics.events} and ${observed} attacker observations into ${topics.attackerObservations}; waiting for the services…`,
  );

  const started = Date.now();
  lastArrival = Date.now();
  while (Date.now() - lastArrival < QUIET_MS && Date.now() - started < MAX_WAIT_MS)
    await new Promise((r) => setTimeout(r, 250));
  await consumer.disconnect();

  const byRule = new Map<string, number>();
  const risk = new Map<string, { score: number; tactics: Set<string> }>();
  for (const d of seen) {
    byRule.set(d.rule_title, (byRule.get(d.rule_title) ?? 0) + 1);
    for (const e of d.entities) {
      const key = `${e.type}:${e.value}`;
      const entry = risk.get(key) ?? { score: 0, tactics: new Set<string>() };
      entry.score += d.score;
      d.tactics.forEach((t) => entry.tactics.add(t));
      risk.set(key, entry);
    }
  }
  console.log(`[demo] ${seen.length} detections in ${topics.detections}:`);
  for (const [title, n] of [...byRule].sort((a, b) => b[1] - a[1]))
    console.log(`[demo]   ${String(n).padStart(5)}  ${title}`);
  console.log('[demo] riskiest entities (sum of detection scores, distinct tactics):');
  for (const [entity, { score, tactics }] of [...risk].sort((a, b) => b[1].score - a[1].score).slice(0, 5)) {
    console.log(`[demo]   ${score.toFixed(0).padStart(5)}  ${entity}  [${[...tactics].join(', ')}]`);
  }
  // An incident is an episode: its records share its id; the latest says where it stands, and
  // each record names the contributions it added (an update only those since the one before).
  const episodes = new Map<string, { latest: RiskIncident; records: number; refs: ContributionRef[] }>();
  for (const i of incidents) {
    const seenBefore = episodes.get(i.risk_incident_id);
    const refs = [...(seenBefore?.refs ?? []), ...(i.refs ?? [])];
    if (!seenBefore || (i.revision ?? 1) >= (seenBefore.latest.revision ?? 1))
      episodes.set(i.risk_incident_id, { latest: i, records: (seenBefore?.records ?? 0) + 1, refs });
    else Object.assign(seenBefore, { records: seenBefore.records + 1, refs });
  }
  console.log(
    `[demo] ${episodes.size} risk incidents (${incidents.length} records: each opened once, then updated as it grew) in ${topics.riskIncidents}:`,
  );
  const latest = [...episodes.values()].map((e) => e.latest).sort((a, b) => b.score - a.score);
  const refsOf = (i: RiskIncident) => episodes.get(i.risk_incident_id)?.refs ?? [];
  for (const i of latest) {
    console.log(
      `[demo]   ${i.policy.padEnd(11)} ${i.trigger.padEnd(12)} ${`${i.entity_type}:${i.entity_value}`.padEnd(28)} score ${i.score.toFixed(0).padStart(4)}  ${String(i.normalized_score ?? '-').padStart(5)}/100 ${(i.risk_level ?? '').padEnd(8)} severity ${(i.severity ?? '').padEnd(8)} tactics ${i.tactic_count}  sources ${i.source_count}  revisions ${i.revision ?? 1}`,
    );
  }
  const explained = latest.find(
    (i) => i.criticality !== undefined && refsOf(i).some((r) => r.factors?.length),
  );
  if (explained) {
    console.log(
      `[demo] why ${explained.entity_type}:${explained.entity_value} scores ${explained.score}: criticality ${explained.criticality} (+${explained.criticality_contribution} on the 0-100 score)`,
    );
    for (const r of refsOf(explained))
      console.log(
        `[demo]   ${String(r.score).padStart(6)}  ${r.message ?? r.rule}  ${(r.factors ?? []).join(', ')}`,
      );
  }
  const token = env['RISKLINE_API_TOKEN'] ?? '';
  if (env['RISKLINE_DEMO_VERDICTS'] === '0')
    console.log(
      "[demo] the analysts' verdicts are left to you (RISKLINE_DEMO_VERDICTS=0): judge them in the console",
    );
  else await judgeAndReport(seen, latest, env['RISKLINE_DISPOSITIONS_URL'] ?? 'http://127.0.0.1:8083', token);
  await reportAttribution(env['RISKLINE_ATTRIBUTION_URL'] ?? 'http://127.0.0.1:8084', token);
  return 0;
}

if (require.main === module) {
  replayScenario().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`[demo] ${error.message}`);
      process.exit(1);
    },
  );
}
