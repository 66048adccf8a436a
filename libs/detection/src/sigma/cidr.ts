/**
 * CIDR membership for IPv4 and IPv6 addresses (the `cidr` modifier). Pure. ipaddr.js does the
 * address arithmetic (IPv6 `::` compression, embedded IPv4, zone ids); node:net's strict
 * `isIP` decides what counts as an address at all, so ipaddr.js's lenient IPv4 forms ("127.1",
 * octal, hex) never match a range — an event field spelled that way is not the address a
 * detection engineer wrote the range for. An address matches only a range of its own family.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { RuleLoadError } from './rule-error';

export type IpPredicate = (text: string) => boolean;

export function compileCidr(cidr: string): IpPredicate {
  const [network, prefixText] = cidr.split('/');
  const version = isIP(network ?? '');
  const width = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!version || !/^\d+$/.test(prefixText ?? String(width)) || prefix > width) {
    throw new RuleLoadError(`'${cidr}' is not a CIDR range`);
  }
  const range: [ipaddr.IPv4 | ipaddr.IPv6, number] = [ipaddr.parse(network!), prefix];
  return (text) => {
    const ip = text.trim();
    if (isIP(ip) !== version) return false;
    return ipaddr.parse(ip).match(range);
  };
}
