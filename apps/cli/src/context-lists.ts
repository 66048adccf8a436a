/**
 * Asset and identity lists given to an offline command: each CSV file read and turned into
 * context records (libs/tagging's context-csv), or an InputError naming the file and every bad
 * line — a list is loaded whole or not at all.
 */
import {
  contextRecordsFromCsv,
  EntityContexts,
  type ContextList,
  type ContextRecords,
  type RiskConfig,
} from '@riskline/tagging';
import { InputError, readTextFile } from './input-files';

export function readContextList(path: string, list: ContextList, risk: RiskConfig): ContextRecords {
  const { text } = readTextFile(path, `${list} list`);
  const read = contextRecordsFromCsv(text, list, risk);
  if (read.problems.length > 0) throw new InputError(`${list} list '${path}': ${read.problems.join('; ')}`);
  return read;
}

/** Every given list folded into one table, later files overriding earlier ones per entity. */
export function contextTable(
  lists: { readonly assets: readonly string[]; readonly identities: readonly string[] },
  risk: RiskConfig,
): EntityContexts {
  const table = new EntityContexts();
  for (const list of ['assets', 'identities'] as const)
    for (const path of lists[list])
      for (const r of readContextList(path, list, risk).records) table.apply(r.key, r.value);
  return table;
}
