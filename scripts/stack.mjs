#!/usr/bin/env node
// `npm run stack:up|down|status` — the local Kafka (KRaft) + Redis that Riskline runs on.
// Uses KAFKA_BROKERS / REDIS_URL when set; otherwise reuses what already answers on the local
// ports, or starts its own. `down` stops only the processes this checkout started.
import { bringUp, bringDown, status } from './stack/stack.mjs';

const command = process.argv[2] ?? 'status';
const actions = { up: bringUp, down: bringDown, status };
if (!(command in actions)) {
  console.error(`usage: node scripts/stack.mjs up|down|status (got '${command}')`);
  process.exit(2);
}
actions[command]()
  .then((result) => {
    if (command === 'status' && !result.ok) process.exitCode = 1;
  })
  .catch((error) => {
    console.error(`[stack] ${error.message}`);
    process.exit(1);
  });
