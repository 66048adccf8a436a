/** The `riskline` command line: offline faces of the same domain code the services run. */
import { attributeCommand, ATTRIBUTE_USAGE } from './attribute-command';
import { dispositionsCommand, DISPOSITIONS_USAGE } from './dispositions-command';
import { evalCommand, EVAL_USAGE } from './eval-command';
import {
  REPLAY_USAGE,
  replayCommand,
  RISK_USAGE,
  riskCommand,
  TAG_USAGE,
  tagCommand,
} from './replay-command';
import type { Io } from './io';
import { schemasCommand, SCHEMAS_USAGE } from './schemas-command';
import { topicsCommand, TOPICS_USAGE } from './topics-command';

const io: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = {
  eval: evalCommand,
  tag: tagCommand,
  risk: riskCommand,
  replay: replayCommand,
  attribute: attributeCommand,
  dispositions: dispositionsCommand,
  topics: topicsCommand,
  schemas: schemasCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(
      `usage: riskline <command>\n  ${EVAL_USAGE}\n  ${TAG_USAGE}\n  ${RISK_USAGE}\n  ${REPLAY_USAGE}\n  ${ATTRIBUTE_USAGE}\n  ${DISPOSITIONS_USAGE}\n  ${TOPICS_USAGE}\n  ${SCHEMAS_USAGE}\n` +
        '  riskline tagger | risk-accumulator | disposition-ingestor | attribution-worker   (run a service)\n',
    );
    return 2;
  }
  return run(rest, io);
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
