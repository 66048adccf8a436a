/** The `riskline` command line: offline faces of the same domain code the services run. */
import { evalCommand, EVAL_USAGE } from './eval-command';

const COMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = {
  eval: (argv) =>
    evalCommand(argv, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    }),
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`usage: riskline <command>\n  ${EVAL_USAGE}\n`);
    return 2;
  }
  return run(rest);
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
