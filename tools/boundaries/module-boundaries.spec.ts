/**
 * The layering is enforced, not just tagged: ESLint's `@nx/enforce-module-boundaries`, with the
 * workspace's own config and project graph, refuses an upward import (a pure library reaching
 * for the Kafka runtime, the contracts reaching for a domain library), a relative import into
 * another project, and an application imported outside an integration test — and accepts the
 * imports the layering allows, so a rule that silently stopped running would fail here too.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';

const root = resolve(__dirname, '../..');
const RULE = '@nx/enforce-module-boundaries';

/** ESLint's verdict on `code` as if it were the file at `filePath` (the CLI, as `npm run lint` runs it). */
async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [
      resolve(root, 'node_modules/eslint/bin/eslint.js'),
      '--stdin',
      '--stdin-filename',
      filePath,
      '--format',
      'json',
    ],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(async () => {
    // The rule reads the cached project graph; without one it skips itself with a warning.
    await createProjectGraphAsync({ exitOnError: false });
  }, 120_000);

  it('refuses a pure library importing the Kafka/Redis runtime', async () => {
    expect(
      await boundaryMessages(
        'libs/detection/src/boundary-probe.ts',
        "import { createKafka } from '@riskline/stream-runtime';\nexport const probe = createKafka;\n",
      ),
    ).toEqual([expect.stringMatching(/type:domain.*can only depend on libs tagged with/)]);
  });

  it('refuses the contracts importing a domain library, and the core importing the runtime', async () => {
    expect(
      await boundaryMessages(
        'libs/contracts/src/boundary-probe.ts',
        "import { RuleStates } from '@riskline/rule-state';\nexport const probe = RuleStates;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryMessages(
        'libs/stream-core/src/boundary-probe.ts',
        "import { StreamRunner } from '@riskline/stream-runtime';\nexport const probe = StreamRunner;\n",
      ),
    ).toHaveLength(1);
  });

  it('refuses a relative import into another project', async () => {
    expect(
      await boundaryMessages(
        'libs/risk/src/boundary-probe.ts',
        "import { entityKey } from '../../contracts/src/index';\nexport const probe = entityKey;\n",
      ),
    ).toEqual([expect.stringMatching(/relative or absolute path/)]);
  });

  it('refuses an application imported anywhere but an integration test', async () => {
    const code = "import { TaggerModule } from '@riskline/app/tagger';\nexport const probe = TaggerModule;\n";
    expect(await boundaryMessages('tools/demo/boundary-probe.ts', code)).toEqual([
      expect.stringMatching(/Imports of apps are forbidden/),
    ]);
    expect(await boundaryMessages('tools/e2e/boundary-probe.int.spec.ts', code)).toEqual([]);
  });

  it('accepts the imports the layering allows', async () => {
    expect(
      await boundaryMessages(
        'libs/tagging/src/boundary-probe.ts',
        [
          "import { entityKey } from '@riskline/contracts';",
          "import { applyRecords } from '@riskline/stream-core';",
          "import { DetectionEngine } from '@riskline/detection';",
          'export const probe = [entityKey, applyRecords, DetectionEngine];',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await boundaryMessages(
        'apps/tagger/src/boundary-probe.ts',
        "import { taggerProcessor } from '@riskline/tagging';\nexport const probe = taggerProcessor;\n",
      ),
    ).toEqual([]);
  });
});
