/** CIDR membership for IPv4 and IPv6 addresses (the `cidr` modifier). Pure. */
import { isIP } from 'node:net';
import { RuleLoadError } from './rule-error';

function ipv4Bits(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Bits(ip: string): bigint {
  let address = ip.toLowerCase();
  const v4 = address.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const bits = ipv4Bits(v4[1]!);
    address = address.replace(v4[1]!, `${(bits >> 16n).toString(16)}:${(bits & 0xffffn).toString(16)}`);
  }
  const [head, tail] = address.split('::') as [string, string | undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array(missing).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(parseInt(part || '0', 16)), 0n);
}

export type IpPredicate = (text: string) => boolean;

export function compileCidr(cidr: string): IpPredicate {
  const [network, prefixText] = cidr.split('/');
  const version = isIP(network ?? '');
  const width = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!version || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
    throw new RuleLoadError(`'${cidr}' is not a CIDR range`);
  }
  const bitsOf = version === 4 ? ipv4Bits : ipv6Bits;
  const shift = BigInt(width - prefix);
  const base = bitsOf(network!) >> shift;
  return (text) => {
    const ip = text.trim();
    if (isIP(ip) !== version) return false;
    return bitsOf(ip) >> shift === base;
  };
}
