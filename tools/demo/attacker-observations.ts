/**
 * The demo's honeypot profiler: replays the scenario's behavioural observations of attackers
 * into soc.attacker.observations (keyed by attacker id) and reports each attacker's
 * attribution profile as the attribution worker's API answers it.
 */
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@riskline/contracts';
import { DEMO_ATTACKERS, generateObservations } from '@riskline/scenario';

export async function replayObservations(kafka: Kafka, topics: TopicNames, startMs: number): Promise<number> {
  const observations = generateObservations(startMs);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: topics.attackerObservations,
    acks: -1,
    // Replayed with their own times as Kafka timestamps, as a replay of recorded logs would be.
    messages: observations.map((o) => ({
      key: o.attacker_id,
      value: JSON.stringify(o),
      timestamp: String(Date.parse(o.ts)),
    })),
  });
  await producer.disconnect();
  return observations.length;
}

interface AttributionView {
  identity_id: string;
  primitives: { primitive: string; state: string; confidence: number; current_value: unknown }[];
  multi_actor_suspected: string[] | null;
}

export async function reportAttribution(url: string, token: string): Promise<void> {
  console.log(`[demo] attacker attribution (${url}/api/v1/attackers/<id>/attribution):`);
  for (const attacker of DEMO_ATTACKERS) {
    const response = await fetch(`${url}/api/v1/attackers/${encodeURIComponent(attacker)}/attribution`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      console.log(`[demo]   ${attacker}: no profile (${response.status})`);
      continue;
    }
    const view = (await response.json()) as AttributionView;
    const states = view.primitives
      .map((p) => `${p.primitive} ${p.state} ${p.confidence.toFixed(2)}`)
      .join(', ');
    const suspicion = view.multi_actor_suspected
      ? `  → multi-actor suspected: ${view.multi_actor_suspected.join(', ')}`
      : '';
    console.log(`[demo]   ${attacker.padEnd(16)} ${states}${suspicion}`);
  }
}
