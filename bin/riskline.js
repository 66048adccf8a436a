#!/usr/bin/env node
// `riskline <service>` runs one of the four services or the console; `riskline <command> …` the offline CLI
// (eval, dispositions, attribute, topics, …). In a checkout, from the TypeScript sources through
// SWC, so it never runs a stale build; where there are no sources — the container image — from
// the production build (`npm run build`, dist/).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const SERVICES = ['tagger', 'risk-accumulator', 'disposition-ingestor', 'attribution-worker', 'console'];
const root = join(__dirname, '..');
const [first] = process.argv.slice(2);
const app = SERVICES.includes(first) ? first : 'cli';
if (app !== 'cli') process.argv.splice(2, 1);

const source = join(root, 'apps', app, 'src', 'main.ts');
if (existsSync(source)) {
  process.env.SWC_NODE_PROJECT ??= join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(source);
} else {
  require(join(root, 'dist', app, 'apps', app, 'src', 'main.js'));
}
