/**
 * The `riskline` command line: offline faces of the same domain code the services run. Each
 * command's module is loaded only when that command runs: `eval` must not pay for the Kafka,
 * Redis and NestJS modules that `topics` or `replay` need (start-up time is a product figure).
 */
import { BufferedStdout } from './buffered-stdout';
import type { Io } from './io';

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const stdout = new BufferedStdout();
const io: Io = {
  out: (line) => stdout.line(line),
  // Reports interleave with results in a terminal: what came before a report is shown first.
  err: (line) => {
    stdout.flush();
    process.stderr.write(`${line}\n`);
  },
};

/** Each command and its usage line, from its own module. */
const COMMANDS: Record<string, () => Promise<{ run: Command; usage: string }>> = {
  eval: async () => {
    const m = await import('./eval-command');
    return { run: m.evalCommand, usage: m.EVAL_USAGE };
  },
  tag: async () => {
    const m = await import('./replay-command');
    return { run: m.tagCommand, usage: m.TAG_USAGE };
  },
  risk: async () => {
    const m = await import('./replay-command');
    return { run: m.riskCommand, usage: m.RISK_USAGE };
  },
  replay: async () => {
    const m = await import('./replay-command');
    return { run: m.replayCommand, usage: m.REPLAY_USAGE };
  },
  attribute: async () => {
    const m = await import('./attribute-command');
    return { run: m.attributeCommand, usage: m.ATTRIBUTE_USAGE };
  },
  dispositions: async () => {
    const m = await import('./dispositions-command');
    return { run: m.dispositionsCommand, usage: m.DISPOSITIONS_USAGE };
  },
  navigator: async () => {
    const m = await import('./navigator-command');
    return { run: m.navigatorCommand, usage: m.NAVIGATOR_USAGE };
  },
  context: async () => {
    const m = await import('./context-command');
    return { run: m.contextCommand, usage: m.CONTEXT_USAGE };
  },
  topics: async () => {
    const m = await import('./topics-command');
    return { run: m.topicsCommand, usage: m.TOPICS_USAGE };
  },
  schemas: async () => {
    const m = await import('./schemas-command');
    return { run: m.schemasCommand, usage: m.SCHEMAS_USAGE };
  },
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const load = command ? COMMANDS[command] : undefined;
  if (!load) {
    const usages = await Promise.all(Object.values(COMMANDS).map(async (c) => (await c()).usage));
    process.stderr.write(
      `usage: riskline <command>\n${usages.map((u) => `  ${u.replace(/^usage: /, '')}\n`).join('')}` +
        '  riskline tagger | risk-accumulator | disposition-ingestor | attribution-worker   (run a service)\n',
    );
    return 2;
  }
  return (await load()).run(rest, io);
}

void main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .finally(() => stdout.flush());
