/**
 * Reads log source mappings from YAML text (no file I/O here; callers pass the text). Two
 * formats: Riskline's own (`logsources: [{name, category, product, service, conditions,
 * fieldmappings}]`) and SigmaHQ's THOR/SPARK configuration (`logsources: {name: {category,
 * product, service, conditions, rewrite, sources, fieldmappings}}`), where `sources` such as
 * `WinEventLog:Security` become `Channel` conditions and `rewrite` inherits the target
 * service's channel. Unusable entries are reported, not fatal.
 */
import { parse } from 'yaml';
import type { LogSource } from '../sigma/sigma-rule';
import { LogSourceMapping, type MappingEntry } from './logsource-mapping';

export interface MappingLoad {
  readonly mapping: LogSourceMapping;
  readonly errors: readonly string[];
}

type Raw = Record<string, unknown>;

function asRecord(value: unknown): Raw | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : null;
}

function selects(raw: Raw): LogSource {
  const out: Record<string, string> = {};
  for (const k of ['category', 'product', 'service'])
    if (typeof raw[k] === 'string') out[k] = (raw[k] as string).toLowerCase();
  return out;
}

function conditionsOf(raw: unknown, where: string, errors: string[]): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  for (const [field, value] of Object.entries(asRecord(raw) ?? {})) {
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v) => typeof v === 'string' || typeof v === 'number')) {
      errors.push(`${where}: condition ${field} must be a string, a number or a list of them`);
      continue;
    }
    out[field] = list as (string | number)[];
  }
  return out;
}

function fieldmappingsOf(raw: unknown): Map<string, string> {
  return new Map(
    Object.entries(asRecord(raw) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function channelsOf(sources: unknown): string[] {
  if (!Array.isArray(sources)) return [];
  return sources
    .filter((s): s is string => typeof s === 'string' && s.startsWith('WinEventLog:'))
    .map((s) => s.slice('WinEventLog:'.length));
}

function fromThor(entries: Raw, errors: string[]): MappingEntry[] {
  const serviceChannels = new Map<string, string[]>();
  for (const raw of Object.values(entries)) {
    const r = asRecord(raw);
    if (r && typeof r['service'] === 'string' && typeof r['product'] === 'string') {
      const channels = channelsOf(r['sources']);
      if (channels.length > 0) serviceChannels.set(`${r['product']}/${r['service']}`.toLowerCase(), channels);
    }
  }
  const out: MappingEntry[] = [];
  for (const [name, raw] of Object.entries(entries)) {
    const r = asRecord(raw);
    if (!r) {
      errors.push(`${name}: not a mapping`);
      continue;
    }
    const conditions = conditionsOf(r['conditions'], name, errors);
    const rewrite = asRecord(r['rewrite']);
    const channels = rewrite
      ? serviceChannels.get(`${rewrite['product']}/${rewrite['service']}`.toLowerCase())
      : channelsOf(r['sources']);
    if (channels && channels.length > 0 && !conditions['Channel']) conditions['Channel'] = channels;
    if (Object.keys(conditions).length === 0) continue; // file-based sources: nothing to test on an event
    out.push({ name, selects: selects(r), conditions, fieldmappings: fieldmappingsOf(r['fieldmappings']) });
  }
  return out;
}

function fromRiskline(entries: unknown[], errors: string[]): MappingEntry[] {
  return entries.flatMap((raw, i) => {
    const r = asRecord(raw);
    const name = typeof r?.['name'] === 'string' ? (r['name'] as string) : `logsources[${i}]`;
    if (!r) {
      errors.push(`${name}: not a mapping`);
      return [];
    }
    const conditions = conditionsOf(r['conditions'], name, errors);
    if (Object.keys(conditions).length === 0) {
      errors.push(`${name}: has no conditions`);
      return [];
    }
    return [{ name, selects: selects(r), conditions, fieldmappings: fieldmappingsOf(r['fieldmappings']) }];
  });
}

export function loadMapping(texts: readonly { name: string; text: string }[]): MappingLoad {
  const errors: string[] = [];
  const entries: MappingEntry[] = [];
  for (const { name, text } of texts) {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    const logsources = asRecord(doc)?.['logsources'];
    if (Array.isArray(logsources))
      entries.push(...fromRiskline(logsources, errors).map((e) => ({ ...e, name: `${name}:${e.name}` })));
    else if (asRecord(logsources))
      entries.push(
        ...fromThor(asRecord(logsources)!, errors).map((e) => ({ ...e, name: `${name}:${e.name}` })),
      );
    else errors.push(`${name}: has no 'logsources'`);
  }
  return { mapping: new LogSourceMapping(entries), errors };
}
