/**
 * ATT&CK from Sigma tags: `attack.<tactic>` (hyphen or underscore spelling of the 14 Enterprise
 * tactics) and `attack.tNNNN[.NNN]`. Other tags (`attack.g0016`, `cve.*`, `detection.*`) are
 * kept on the rule but carry no tactic or technique. Pure.
 */
import { ATTACK_TACTICS, type AttackTactic } from '@riskline/contracts/core';

export interface AttackTagging {
  readonly tactics: readonly AttackTactic[];
  readonly techniques: readonly string[];
}

const TACTICS: ReadonlySet<string> = new Set(ATTACK_TACTICS);

export function attackFromTags(tags: readonly string[]): AttackTagging {
  const tactics = new Set<AttackTactic>();
  const techniques = new Set<string>();
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith('attack.')) continue;
    const name = lower.slice('attack.'.length);
    const technique = name.match(/^t(\d{4})(?:\.(\d{3}))?$/);
    if (technique) techniques.add(`T${technique[1]}${technique[2] ? `.${technique[2]}` : ''}`);
    else {
      const slug = name.replace(/_/g, '-');
      if (TACTICS.has(slug)) tactics.add(slug as AttackTactic);
    }
  }
  return { tactics: [...tactics], techniques: [...techniques] };
}
