/** Where SigmaHQ's conformance material lives: ../shared/sigma beside the repository root. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_SIGMA = resolve(__dirname, '../../../../../shared/sigma');

export function requireSharedSigma(): string {
  if (!existsSync(SHARED_SIGMA))
    throw new Error(
      `SigmaHQ test material not found at ${SHARED_SIGMA} (expected ../shared/sigma beside the repo)`,
    );
  return SHARED_SIGMA;
}
