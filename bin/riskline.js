#!/usr/bin/env node
// `npx riskline …` — runs the CLI's TypeScript directly (SWC, tsconfig paths honoured).
const { join } = require('node:path');
process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../apps/cli/src/main.ts');
