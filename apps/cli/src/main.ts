/** The `riskline` command line: offline faces of the same domain code the services run. */
import { attributeCommand, ATTRIBUTE_USAGE } from './attribute-command';
import { dispositionsCommand, DISPOSITIONS_USAGE } from './dispositions-command';
import { evalCommand, EVAL_USAGE, type Io } from './eval-command';
import { topicsCommand, TOPICS_USAGE } from './topics-command';

const io: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = {
  eval: evalCommand,
  attribute: attributeCommand,
  dispositions: dispositionsCommand,
  topics: topicsCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(
      `usage: riskline <command>\n  ${EVAL_USAGE}\n  ${ATTRIBUTE_USAGE}\n  ${DISPOSITIONS_USAGE}\n  ${TOPICS_USAGE}\n` +
        '  riskline tagger | risk-accumulator | disposition-ingestor | attribution-worker   (run a service)\n',
    );
    return 2;
  }
  return run(rest, io);
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
