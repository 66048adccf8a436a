/**
 * The tagger's risk configuration (YAML): which event fields name each risk entity, and how a
 * firing is scored. Read by `RiskConfigFile` (libs/settings): every key validated, all problems
 * at once, each with its key path, so a bad file refuses to start the tagger with a message
 * that says what to fix.
 *
 * Score precedence (first that applies): the rule's `risk_score` attribute; tag scores (exact
 * tag or `prefix.*`, combined by `reducer` sum|max); the level score; `default`.
 */
import { IsOptional, ValidateIf } from 'class-validator';
import { ENTITY_TYPE_PATTERN, SEVERITY_LEVELS } from '@riskline/contracts';
import {
  Entries,
  EntriesOf,
  Flag,
  ListOf,
  Names,
  NumberIn,
  OneOf,
  readSettings,
  Section,
  TextMatching,
  type EntryProblem,
  type SettingsProblem,
} from '@riskline/settings';
import { ENTITY_KINDS, type CanonicalForms, type EntityKind, type UserFormat } from './entity-canonical-form';
import { compileExclusions, IP_RANGES, type Exclusions } from './entity-exclusions';
import { THREAT_OBJECT_TYPE_PATTERN } from '@riskline/contracts';
import {
  compileFactors,
  DEFAULT_RISK_FACTORS,
  factorProblems,
  RiskFactorFile,
  type RiskFactor,
} from './risk-factors';
import type { ThreatSelectors } from './threat-objects';

export interface EntitySelector {
  readonly type: string;
  readonly kind: EntityKind;
  readonly fields: readonly string[];
  readonly lowercase: boolean;
  readonly exclusions: Exclusions;
}

export interface RiskConfig {
  /** The file as read, defaults filled in: what the tagger shows as its effective risk config. */
  readonly effective: RiskConfigFile;
  readonly entities: readonly EntitySelector[];
  readonly forms: CanonicalForms;
  /** Threat object type → the event fields that name it. */
  readonly threatObjects: ThreatSelectors;
  /** Enabled risk factors, in order. */
  readonly factors: readonly RiskFactor[];
  /** Entity types in the order that picks a detection's primary entity (its Kafka key). */
  readonly primary: readonly string[];
  /** Values that never name an entity (placeholders such as `-`). Compared case-insensitively. */
  readonly ignoreValues: ReadonlySet<string>;
  readonly scores: {
    readonly default: number;
    readonly levels: Readonly<Record<string, number>>;
    readonly tagReducer: 'sum' | 'max';
    readonly tags: ReadonlyMap<string, number>;
    readonly tagPrefixes: readonly (readonly [string, number])[];
  };
}

export const DEFAULT_LEVEL_SCORES: Readonly<Record<string, number>> = {
  informational: 1,
  low: 10,
  medium: 25,
  high: 50,
  critical: 75,
};

const SCORE = { min: 0, aboveMin: false, max: Infinity, message: 'must be a non-negative number' };
const isScore = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const scoreEntry = (value: unknown): readonly EntryProblem[] =>
  isScore(value) ? [] : [{ at: '', message: SCORE.message }];
const levelEntry = (value: unknown, level: string): readonly EntryProblem[] => {
  if (!(SEVERITY_LEVELS as readonly string[]).includes(level))
    return [{ at: '', message: `not a severity level (${SEVERITY_LEVELS.join(', ')})` }];
  return scoreEntry(value);
};

class EntitySelectorFile {
  @Names('must be a non-empty list of field names or dotted paths', 1) fields: string[] = [];
  @Flag() lowercase = false;
  /** How values are made canonical; absent: user, host, ip (a type ending in `ip`) or text. */
  @IsOptional() @OneOf(ENTITY_KINDS, `must be one of ${ENTITY_KINDS.join(', ')}`) kind: EntityKind | null =
    null;
  /** Names and `*`/`?` globs (case-insensitive) that are never this entity. */
  @Names('must be a list of names or glob patterns') exclude: string[] = [];
  /** Address ranges (ipaddr.js names) that are never this entity; for kind ip. */
  @ValidateIf((_, v) => v !== undefined)
  @Names('must be a list of address ranges')
  exclude_ranges: string[] = [];
}

const selector = (fields: string[], lowercase: boolean, more: Partial<EntitySelectorFile> = {}) =>
  Object.assign(new EntitySelectorFile(), { fields, lowercase, ...more });

/**
 * Accounts that act for the machine, not a person: risk on them is noise (the replayed attack
 * logs gave `user:nt authority\system` risk). Judged on the value as written and canonical.
 */
export const DEFAULT_USER_EXCLUSIONS = [
  'nt authority\\*',
  'nt service\\*',
  'window manager\\*',
  'font driver host\\*',
  'iis apppool\\*',
  'system',
  'local system',
  'local service',
  'network service',
  'anonymous logon',
  'dwm-*',
  'umfd-*',
  's-1-5-18',
  's-1-5-19',
  's-1-5-20',
  's-1-5-7',
  's-1-0-0',
];
export const DEFAULT_HOST_EXCLUSIONS = ['localhost', 'localhost.localdomain'];
/** Addresses that name no remote party. */
export const DEFAULT_IP_EXCLUSIONS = ['unspecified', 'loopback', 'linkLocal', 'multicast', 'broadcast'];

const fieldName = (v: unknown): readonly EntryProblem[] =>
  typeof v === 'string' && v.length > 0 ? [] : [{ at: '', message: 'must be a field name' }];
const domainName = (v: unknown): readonly EntryProblem[] =>
  typeof v === 'string' && v.length > 0 ? [] : [{ at: '', message: 'must be a domain name' }];

const fieldList = (v: unknown, type: string): readonly EntryProblem[] => {
  if (!THREAT_OBJECT_TYPE_PATTERN.test(type))
    return [{ at: '', message: `threat object type must match ${THREAT_OBJECT_TYPE_PATTERN}` }];
  return Array.isArray(v) && v.length > 0 && v.every((f) => typeof f === 'string' && f.length > 0)
    ? []
    : [{ at: '', message: 'must be a non-empty list of field names' }];
};

const USER_FORMATS: readonly UserFormat[] = ['down_level', 'upn', 'name'];

class UserFormFile {
  /** down_level: `corp\alice`; upn: `alice@corp.example`; name: `alice`. */
  @OneOf(USER_FORMATS, `must be one of ${USER_FORMATS.join(', ')}`) format: UserFormat = 'down_level';
  /** Domain spellings → the one to use (`corp.example: corp`). */
  @Entries(domainName) domains: Record<string, string> = {};
  /** A DNS domain not in `domains` is named by its first label (not with format upn). */
  @Flag() netbios_from_dns = true;
  @Entries(fieldName) domain_fields: Record<string, string> = {
    TargetUserName: 'TargetDomainName',
    SubjectUserName: 'SubjectDomainName',
    'user.name': 'user.domain',
  };
  @Entries(fieldName) sid_names: Record<string, string> = {
    TargetUserSid: 'TargetUserName',
    SubjectUserSid: 'SubjectUserName',
    'user.id': 'user.name',
  };
}

class HostFormFile {
  /** short: `ws-042`; fqdn: `ws-042.corp.example` (bare names get default_domain); as_is. */
  @OneOf(['short', 'fqdn', 'as_is'], 'must be short, fqdn or as_is') form: 'short' | 'fqdn' | 'as_is' =
    'short';
  @IsOptional() @TextMatching(/^[a-z0-9.-]+$/i, 'must be a DNS domain') default_domain: string | null = null;
}

class CanonicalFormsFile {
  @Section(() => UserFormFile) user = new UserFormFile();
  @Section(() => HostFormFile) host = new HostFormFile();
}

class TagScoresFile {
  @OneOf(['sum', 'max'], 'must be sum or max') reducer: 'sum' | 'max' = 'max';
  /** Exact tags, or `prefix.*`. */
  @Entries(scoreEntry) values: Record<string, number> = {};
}

class ScoresFile {
  @NumberIn(SCORE) default = 5;
  /** Levels not named here keep DEFAULT_LEVEL_SCORES. */
  @Entries(levelEntry) levels: Record<string, number> = {};
  @Section(() => TagScoresFile) tags = new TagScoresFile();
}

/** The YAML file: each key once, its initialiser the default (documented in docs/architecture.md). */
export class RiskConfigFile {
  @EntriesOf(EntitySelectorFile, (type) =>
    ENTITY_TYPE_PATTERN.test(type) ? null : `entity type must match ${ENTITY_TYPE_PATTERN}`,
  )
  entities: Record<string, EntitySelectorFile> = {
    user: selector(
      [
        'User',
        'TargetUserName',
        'SubjectUserName',
        'user.name',
        'username',
        'user',
        'TargetUserSid',
        'user.id',
      ],
      true,
      { exclude: DEFAULT_USER_EXCLUSIONS },
    ),
    host: selector(['Computer', 'Hostname', 'host.name', 'hostname', 'host'], true, {
      exclude: DEFAULT_HOST_EXCLUSIONS,
    }),
    src_ip: selector(['IpAddress', 'SourceIp', 'src_ip', 'source.ip'], false, {
      exclude_ranges: DEFAULT_IP_EXCLUSIONS,
    }),
  };
  /** How each kind of entity is written canonically, so one identity is one entity key. */
  @Section(() => CanonicalFormsFile) normalize = new CanonicalFormsFile();
  /** Threat object type → event fields (Sysmon, then ECS names). */
  @Entries(fieldList) threat_objects: Record<string, string[]> = {
    file_hash: ['Hashes', 'process.hash.sha256', 'file.hash.sha256', 'hash.sha256'],
    domain: ['QueryName', 'DestinationHostname', 'dns.question.name', 'url.domain'],
    dest_ip: ['DestinationIp', 'destination.ip'],
    command_line: ['CommandLine', 'process.command_line'],
    file_path: ['TargetFilename', 'file.path'],
  };
  /** Conditions on entity context or the contribution that weight its score (shipped disabled). */
  @ListOf(() => RiskFactorFile) risk_factors: RiskFactorFile[] = DEFAULT_RISK_FACTORS;
  /** Absent: every entity type, in the order of `entities`. */
  @IsOptional() @Names('must list entity types defined under entities') primary: string[] | null = null;
  @Names('must be a list of strings') ignore_values: string[] = ['-', '', 'n/a', 'null', 'unknown'];
  @Section(() => ScoresFile) scores = new ScoresFile();
}

function crossCheck(file: RiskConfigFile): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const types = Object.keys(file.entities ?? {});
  if (types.length === 0)
    problems.push({ at: 'entities', message: 'must map at least one entity type to its fields' });
  if (Array.isArray(file.primary) && !file.primary.every((p) => types.includes(p)))
    problems.push({ at: 'primary', message: 'must list entity types defined under entities' });
  if (Array.isArray(file.risk_factors)) problems.push(...factorProblems(file.risk_factors));
  for (const [type, s] of Object.entries(file.entities ?? {})) {
    const unknown = Array.isArray(s?.exclude_ranges)
      ? s.exclude_ranges.filter((r) => !(IP_RANGES as readonly string[]).includes(r))
      : [];
    if (unknown.length > 0)
      problems.push({
        at: `entities.${type}.exclude_ranges`,
        message: `unknown range ${unknown.join(', ')} (one of ${IP_RANGES.join(', ')})`,
      });
  }
  return problems;
}

/** A selector's kind when it names none: from the entity type's name. */
function kindOf(type: string): EntityKind {
  if (type === 'user' || type === 'host') return type;
  return /(^|_)ip$/i.test(type) ? 'ip' : 'text';
}

export function parseRiskConfig(text: string, source = 'risk config'): RiskConfig {
  const file = readSettings(RiskConfigFile, text, source, crossCheck);
  const entities = Object.entries(file.entities).map(([type, s]) => ({
    type,
    kind: s.kind ?? kindOf(type),
    fields: s.fields,
    lowercase: s.lowercase,
    exclusions: compileExclusions(s.exclude, s.exclude_ranges),
  }));
  const { user, host } = file.normalize;
  const tags = new Map<string, number>();
  const prefixes: [string, number][] = [];
  for (const [tag, value] of Object.entries(file.scores.tags.values)) {
    if (tag.endsWith('.*')) prefixes.push([tag.slice(0, -1).toLowerCase(), value]);
    else tags.set(tag.toLowerCase(), value);
  }
  return {
    effective: file,
    entities,
    forms: {
      user: {
        format: user.format,
        domains: new Map(Object.entries(user.domains).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()])),
        netbiosFromDns: user.netbios_from_dns,
        domainFields: user.domain_fields,
        sidNames: user.sid_names,
      },
      host: { form: host.form, defaultDomain: host.default_domain?.toLowerCase() ?? null },
    },
    threatObjects: file.threat_objects,
    factors: compileFactors(file.risk_factors),
    primary: file.primary ?? entities.map((e) => e.type),
    ignoreValues: new Set(file.ignore_values.map((v) => v.toLowerCase())),
    scores: {
      default: file.scores.default,
      levels: { ...DEFAULT_LEVEL_SCORES, ...file.scores.levels },
      tagReducer: file.scores.tags.reducer,
      tags,
      tagPrefixes: prefixes,
    },
  };
}
