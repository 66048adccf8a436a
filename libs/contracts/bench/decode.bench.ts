/**
 * `npm run bench:decode` — decoding a typed message from record bytes, per contract: the full
 * path (class-transformer + class-validator, what every typed consumer paid before), the compiled
 * path decodeMessage now takes, and `JSON.parse` alone as the in-run baseline. Messages are the
 * valid corpus of compiled-validation.spec.ts. Prints µs per message and the ratios.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { messageCorpus, messageSchemas } from '../src/decoding/message-corpus';
import * as contracts from '../src/index';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 20_000);
const schemas = messageSchemas();
const corpus = messageCorpus();

function timePerMessage(run: () => void): number {
  for (let i = 0; i < ROUNDS / 10; i++) run();
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) run();
  return ((performance.now() - t0) / ROUNDS) * 1000;
}

console.log(`decode bench: ${ROUNDS} rounds per contract, µs per message`);
console.log('contract             JSON.parse   full path   compiled   full/compiled   compiled/JSON.parse');
const totals = { parse: 0, full: 0, compiled: 0 };
for (const [name, schema] of [...schemas].sort()) {
  const sample = corpus.find((c) => c.schema === name);
  if (!sample) continue;
  const bytes = Buffer.from(JSON.stringify(sample.value));
  const cls = schema.classFor(sample.value) as new () => object;
  const parse = timePerMessage(() => JSON.parse(bytes.toString('utf8')));
  const full = timePerMessage(() => {
    const instance = plainToInstance(cls, JSON.parse(bytes.toString('utf8')) as object);
    if (validateSync(instance, { whitelist: true, forbidUnknownValues: true }).length) throw new Error(name);
  });
  const compiled = timePerMessage(() => {
    if (!contracts.decodeMessage(schema, bytes).ok) throw new Error(name);
  });
  totals.parse += parse;
  totals.full += full;
  totals.compiled += compiled;
  console.log(
    `${name.padEnd(20)} ${parse.toFixed(1).padStart(10)} ${full.toFixed(1).padStart(11)} ${compiled.toFixed(1).padStart(10)}` +
      `${(full / compiled).toFixed(1).padStart(15)}× ${(compiled / parse).toFixed(1).padStart(20)}×`,
  );
}
console.log(
  `all contracts: full path ${(totals.full / totals.compiled).toFixed(1)}× the compiled path's time; ` +
    `compiled ${(totals.compiled / totals.parse).toFixed(1)}× JSON.parse alone`,
);
