/**
 * The metadata every Sigma document shares — detection rules and correlation rules alike: the
 * specification's descriptive attributes, the level (medium when unset), and what is left over
 * as the rule's custom attributes (e.g. `risk_score`), kept verbatim. One home, so both kinds
 * agree on what a standard key is and on how a bad level reads.
 */
import { SEVERITY_LEVELS, type SeverityLevel } from '@riskline/contracts/core';
import { RuleLoadError } from './rule-error';

const METADATA_KEYS = new Set([
  'title',
  'id',
  'name',
  'related',
  'taxonomy',
  'status',
  'description',
  'license',
  'author',
  'references',
  'date',
  'modified',
  'falsepositives',
  'level',
  'tags',
  'scope',
]);

/** The document's level, `medium` when unset; anything else is a load error naming the levels. */
export function ruleLevel(doc: Readonly<Record<string, unknown>>): SeverityLevel {
  const level = doc['level'] ?? 'medium';
  if (typeof level !== 'string' || !(SEVERITY_LEVELS as readonly string[]).includes(level))
    throw new RuleLoadError(`level '${String(level)}' is not one of ${SEVERITY_LEVELS.join(', ')}`);
  return level as SeverityLevel;
}

/** The attributes neither the specification's metadata nor the kind's own keys (`ownKeys`) name. */
export function customAttributes(
  doc: Readonly<Record<string, unknown>>,
  ownKeys: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(doc).filter(([k]) => !METADATA_KEYS.has(k) && !ownKeys.includes(k)),
  );
}
