#!/usr/bin/env node
// Replays the Dockerfile's own build steps without a Docker engine: each stage is a directory,
// WORKDIR / ENV / COPY (from the context, honouring .dockerignore, or --from a stage) / RUN run
// there, and the final stage's ENTRYPOINT + CMD are what boots. It proves the recipe — every
// file the image needs is copied, every step succeeds, the build output starts — on machines
// where `docker build` cannot run. Usage: node scripts/image-rehearsal.mjs <out-dir>
// Prints the final stage as JSON: {root, workdir, env, user, entrypoint, cmd}.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { repoRoot } from './stack/paths.mjs';

/** Instructions, with line continuations joined and comments dropped. */
export function parseDockerfile(text) {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  return lines
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

function jsonOrShell(args) {
  return args.startsWith('[') ? JSON.parse(args) : ['/bin/sh', '-c', args];
}

function ignored(context) {
  const file = join(context, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  return (path) => {
    const rel = relative(context, path);
    return patterns.some((p) => {
      const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`);
      return re.test(rel) || re.test(basename(rel));
    });
  };
}

export function rehearse(dockerfile, context, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const stages = [];
  let stage = null;
  const skip = ignored(context);
  const at = (p) => join(stage.root, isAbsolute(p) ? p : join(stage.workdir, p));
  for (const { op, args } of parseDockerfile(readFileSync(dockerfile, 'utf8'))) {
    if (op === 'FROM') {
      const [, , name] = args.split(/\s+/);
      const root = join(outDir, `stage-${stages.length}`);
      mkdirSync(root, { recursive: true });
      stage = {
        name: name ?? String(stages.length),
        root,
        workdir: '/',
        env: {},
        user: 'root',
        entrypoint: [],
        cmd: [],
      };
      stages.push(stage);
    } else if (op === 'WORKDIR') {
      stage.workdir = isAbsolute(args) ? args : join(stage.workdir, args);
      mkdirSync(at('.'), { recursive: true });
    } else if (op === 'ENV') {
      for (const pair of args.match(/\S+=("[^"]*"|\S+)/g) ?? []) {
        const [key, ...value] = pair.split('=');
        stage.env[key] = value.join('=').replace(/^"|"$/g, '');
      }
    } else if (op === 'COPY') {
      const parts = args.split(/\s+/);
      const from = parts[0].startsWith('--from=') ? parts.shift().slice('--from='.length) : null;
      const dest = parts.pop();
      const source = from === null ? null : stages.find((s) => s.name === from);
      if (from !== null && !source) throw new Error(`COPY --from=${from}: no such stage`);
      for (const src of parts) {
        const path = source ? join(source.root, src) : resolve(context, src);
        if (!existsSync(path)) throw new Error(`COPY ${src}: not found`);
        // As Docker does: a directory's contents go into dest; a file into dest/ when dest is a
        // directory (ends with '/', or is '.'), else to dest itself.
        const intoDir = dest.endsWith('/') || dest === '.';
        const target = statSync(path).isDirectory() || !intoDir ? at(dest) : join(at(dest), basename(src));
        cpSync(path, target, { recursive: true, filter: (p) => source !== null || !skip(p) });
      }
    } else if (op === 'RUN') {
      const run = spawnSync(jsonOrShell(args)[0], jsonOrShell(args).slice(1), {
        cwd: at('.'),
        env: { ...process.env, ...stage.env },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (run.status !== 0) throw new Error(`RUN ${args}: exit ${run.status}`);
    } else if (op === 'USER') stage.user = args;
    else if (op === 'ENTRYPOINT') stage.entrypoint = jsonOrShell(args);
    else if (op === 'CMD') stage.cmd = jsonOrShell(args);
    else if (op !== 'EXPOSE') throw new Error(`${op}: not an instruction this rehearsal knows`);
  }
  const { root, workdir, env, user, entrypoint, cmd } = stage;
  return { root, workdir: join(root, workdir), env, user, entrypoint, cmd };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/image-rehearsal.mjs <out-dir>');
    process.exit(2);
  }
  const final = rehearse(join(repoRoot, 'Dockerfile'), repoRoot, resolve(out));
  writeFileSync(join(resolve(out), 'final.json'), JSON.stringify(final, null, 2));
  console.log(JSON.stringify(final));
}
