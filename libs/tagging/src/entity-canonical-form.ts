/**
 * Canonical forms of entity values, so one identity is one entity key however a log spells it.
 * Invariant: the form is a function of the value and the event it came from alone (no memory of
 * other events), and applying it to its own output changes nothing.
 *
 * - **user**: `DOMAIN\name`, `name@domain` and a bare name with the event's domain field are read
 *   as (name, domain); the domain is looked up in `domains` (any spelling → one), else a DNS
 *   domain is named by its first label when `netbios_from_dns` (NetBIOS names usually are), and
 *   the pair is written in `format`. A SID is replaced by the name its event carries beside it.
 * - **host**: lower case without a trailing dot; `short` keeps the first label (never of an IP
 *   literal), `fqdn` qualifies a bare name with `default_domain`.
 * - **ip**: ipaddr.js's canonical text (IPv4-mapped IPv6 as IPv4, IPv6 compressed); a value that
 *   is no address is kept as written.
 */
import ipaddr from 'ipaddr.js';
import { readField, type EventObject } from '@riskline/detection';

export type EntityKind = 'user' | 'host' | 'ip' | 'text';
export const ENTITY_KINDS: readonly EntityKind[] = ['user', 'host', 'ip', 'text'];

export type UserFormat = 'down_level' | 'upn' | 'name';

export interface UserForm {
  readonly format: UserFormat;
  /** Lower-cased domain spelling → its canonical domain. */
  readonly domains: ReadonlyMap<string, string>;
  readonly netbiosFromDns: boolean;
  /** A name field → the field holding its domain (TargetUserName → TargetDomainName). */
  readonly domainFields: Readonly<Record<string, string>>;
  /** A field that may hold a SID → the field holding the same account's name. */
  readonly sidNames: Readonly<Record<string, string>>;
}

export interface HostForm {
  readonly form: 'short' | 'fqdn' | 'as_is';
  readonly defaultDomain: string | null;
}

export interface CanonicalForms {
  readonly user: UserForm;
  readonly host: HostForm;
}

const SID = /^s-1-\d+(-\d+)+$/i;

export function isSid(value: string): boolean {
  return SID.test(value);
}

function scalarAt(event: EventObject, field: string | undefined): string | null {
  if (field === undefined) return null;
  const v = readField(event, field);
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const text = String(v).trim();
  return text === '' || text === '-' ? null : text;
}

function canonicalDomain(domain: string, form: UserForm): string {
  const lower = domain.toLowerCase().replace(/\.$/, '');
  const alias = form.domains.get(lower);
  if (alias !== undefined) return alias;
  if (form.netbiosFromDns && form.format !== 'upn' && lower.includes('.')) return lower.split('.')[0]!;
  return lower;
}

/** (name, domain) of an account as written, the domain from the event when the value has none. */
function accountParts(value: string, domainField: string | null): { name: string; domain: string | null } {
  const slash = value.indexOf('\\');
  if (slash > 0) return { name: value.slice(slash + 1), domain: value.slice(0, slash) };
  const at = value.lastIndexOf('@');
  if (at > 0 && at < value.length - 1) return { name: value.slice(0, at), domain: value.slice(at + 1) };
  return { name: value, domain: domainField };
}

/**
 * A user's canonical form. `field` is where `value` was read, for its domain and SID partners;
 * `lowercase` lowers the name (domains are always compared and written lower case).
 */
export function canonicalUser(
  value: string,
  field: string,
  event: EventObject,
  form: UserForm,
  lowercase: boolean,
): string {
  let account = value;
  let accountField = field;
  if (isSid(value)) {
    const nameField = form.sidNames[field];
    const name = scalarAt(event, nameField);
    if (name === null || isSid(name)) return value.toUpperCase();
    account = name;
    accountField = nameField!;
  }
  const parts = accountParts(account, scalarAt(event, form.domainFields[accountField]));
  const name = lowercase ? parts.name.toLowerCase() : parts.name;
  const domain = parts.domain === null ? null : canonicalDomain(parts.domain, form);
  if (domain === null || form.format === 'name') return name;
  return form.format === 'upn' ? `${name}@${domain}` : `${domain}\\${name}`;
}

export function canonicalHost(value: string, form: HostForm): string {
  const host = value.toLowerCase().replace(/\.$/, '');
  if (form.form === 'as_is' || parseIp(host) !== null) return host;
  if (form.form === 'short') return host.split('.')[0]!;
  return host.includes('.') || form.defaultDomain === null ? host : `${host}.${form.defaultDomain}`;
}

/**
 * The address parsed, or null when the value is not one. IPv4 only in dotted-quad form:
 * ipaddr.js would also read `1234` or `127.1` as addresses, which in a log field they are not.
 */
export function parseIp(value: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  return ipaddr.IPv6.isValid(bare) ? ipaddr.process(bare) : null;
}

export function canonicalIp(value: string): string {
  return parseIp(value)?.toString() ?? value;
}
