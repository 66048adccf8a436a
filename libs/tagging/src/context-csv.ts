/**
 * Asset and identity lists as SOC teams keep them (Splunk ES asset and identity lookups, CSV
 * with a header) → EntityContextRecords for soc.assets / soc.identities. Assets name entities by
 * `ip`, `nt_host`, `dns` or `host`; identities by `identity` (each may list several, `|`-separated,
 * as Splunk's do) or `email`. Every name is written in the risk config's canonical form for each
 * entity type of its kind, so a list's `WS-042.corp.example` is the tagger's `host:ws-042`.
 * A bare identity takes the row's `domain`. Context columns: `criticality` (also Elastic's `*_impact`), `priority` (Splunk's, `unknown`
 * = none), `category` (`|`-separated), `watchlist`, `owner`; other columns are ignored.
 * Invariant: a list with any bad row yields no records — every problem is reported with its line.
 */
import { parse } from 'csv-parse/sync';
import { CRITICALITIES, entityKey, type EntityContextRecord } from '@riskline/contracts';
import { canonicalHost, canonicalIp, canonicalUser, type EntityKind } from './entity-canonical-form';
import { exclusionOf } from './entity-exclusions';
import type { RiskConfig } from './risk-config';

export type ContextList = 'assets' | 'identities';

export interface ContextRecords {
  readonly records: readonly { readonly key: string; readonly value: EntityContextRecord }[];
  readonly problems: readonly string[];
  /** Names the risk config excludes (loopback addresses, system accounts): no entity to describe. */
  readonly excluded: number;
}

const NAME_COLUMNS: Record<ContextList, readonly (readonly [column: string, kind: EntityKind])[]> = {
  assets: [
    ['ip', 'ip'],
    ['nt_host', 'host'],
    ['dns', 'host'],
    ['host', 'host'],
  ],
  identities: [
    ['identity', 'user'],
    ['email', 'user'],
  ],
};

const LEVEL_ALIASES: Readonly<Record<string, string>> = {
  informational: 'low',
  low_impact: 'low',
  medium_impact: 'medium',
  high_impact: 'high',
  extreme_impact: 'critical',
};

function level(text: string): string | null | undefined {
  const v = text.trim().toLowerCase();
  if (v === '' || v === 'unknown') return undefined;
  const canonical = LEVEL_ALIASES[v] ?? v;
  return (CRITICALITIES as readonly string[]).includes(canonical) ? canonical : null;
}

function flag(text: string): boolean | null | undefined {
  const v = text.trim().toLowerCase();
  if (v === '') return undefined;
  if (['true', '1', 'yes', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'n'].includes(v)) return false;
  return null;
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split('|')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function canonicalName(value: string, kind: EntityKind, config: RiskConfig, lowercase: boolean): string {
  if (kind === 'user') return canonicalUser(value, 'identity', {}, config.forms.user, lowercase);
  if (kind === 'host') return canonicalHost(value, config.forms.host);
  return canonicalIp(value);
}

/** The context columns of one row, or what is wrong with them. */
function contextOf(row: Record<string, string>, line: number, problems: string[]) {
  const context: Partial<EntityContextRecord> = {};
  for (const column of ['criticality', 'priority'] as const) {
    const v = level(row[column] ?? '');
    if (v === null)
      problems.push(`line ${line}: ${column} '${row[column]}' is not one of ${CRITICALITIES.join(', ')}`);
    else if (v !== undefined) context[column] = v;
  }
  const watch = flag(row['watchlist'] ?? '');
  if (watch === null) problems.push(`line ${line}: watchlist '${row['watchlist']}' is not true or false`);
  else if (watch !== undefined) context.watchlist = watch;
  const categories = list(row['category']);
  if (categories.length > 0) context.categories = categories.slice(0, 64).map((c) => c.slice(0, 128));
  const owner = row['owner']?.trim();
  if (owner) context.owner = owner.slice(0, 256);
  return context;
}

export function contextRecordsFromCsv(
  text: string,
  listKind: ContextList,
  config: RiskConfig,
): ContextRecords {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  } catch (error) {
    return { records: [], problems: [(error as Error).message], excluded: 0 };
  }
  const columns = NAME_COLUMNS[listKind];
  if (rows.length > 0 && !columns.some(([c]) => c in rows[0]!))
    return {
      records: [],
      problems: [`no ${columns.map(([c]) => c).join(' or ')} column in the header`],
      excluded: 0,
    };
  const problems: string[] = [];
  const byKey = new Map<string, EntityContextRecord>();
  let excluded = 0;
  rows.forEach((row, i) => {
    const line = i + 2;
    const context = contextOf(row, line, problems);
    let named = 0;
    let skipped = 0;
    const domain = row['domain']?.trim();
    for (const [column, kind] of columns) {
      for (const written of list(row[column])) {
        // A bare identity name takes the row's domain, as the events spell it.
        const name = kind === 'user' && domain && !/[\\@]/.test(written) ? `${domain}\\${written}` : written;
        for (const selector of config.entities.filter((s) => s.kind === kind)) {
          const value = canonicalName(name, kind, config, selector.lowercase);
          if (exclusionOf(value, selector.exclusions, kind === 'ip') !== null) {
            skipped++;
            continue;
          }
          named++;
          const record: EntityContextRecord = {
            schema_version: 1,
            entity_type: selector.type,
            entity_value: value,
            ...context,
          };
          byKey.set(entityKey(selector.type, value), record);
        }
      }
    }
    excluded += skipped;
    if (named === 0 && skipped === 0)
      problems.push(`line ${line}: names no entity (${columns.map(([c]) => c).join(', ')} all empty)`);
  });
  if (problems.length > 0) return { records: [], problems, excluded };
  return { records: [...byKey].map(([key, value]) => ({ key, value })), problems: [], excluded };
}
