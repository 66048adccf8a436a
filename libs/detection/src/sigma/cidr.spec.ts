/** compileCidr: family-strict membership, IPv6 spellings, and ranges refused at load. */
import { compileCidr } from './cidr';
import { RuleLoadError } from './rule-error';

describe('compileCidr', () => {
  it('matches IPv4 addresses inside the range and nothing else', () => {
    const inside = compileCidr('10.1.0.0/16');
    expect(['10.1.0.0', '10.1.255.255', ' 10.1.2.3 '].map(inside)).toEqual([true, true, true]);
    expect(['10.2.0.0', '9.255.255.255', 'not an ip', ''].map(inside)).toEqual([false, false, false, false]);
  });

  it('does not read lenient IPv4 spellings as addresses', () => {
    const loopback = compileCidr('127.0.0.0/8');
    expect(['127.1', '0x7f.0.0.1', '0177.0.0.1', '2130706433'].map(loopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('matches IPv6 in any spelling, embedded IPv4 included, and only IPv6 ranges', () => {
    const documentation = compileCidr('2001:db8::/32');
    expect(
      ['2001:db8::1', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8:ffff::', 'fe80::1'].map(
        documentation,
      ),
    ).toEqual([true, true, true, false]);
    const mapped = compileCidr('::ffff:10.0.0.0/104');
    expect(['::ffff:10.1.2.3', '::ffff:a01:203', '10.1.2.3'].map(mapped)).toEqual([true, true, false]);
    expect(compileCidr('10.0.0.0/8')('::ffff:10.1.2.3')).toBe(false);
  });

  it('takes a bare address as a single-host range, and /0 as everything of its family', () => {
    expect(compileCidr('192.0.2.7')('192.0.2.7')).toBe(true);
    expect(compileCidr('192.0.2.7')('192.0.2.8')).toBe(false);
    expect(compileCidr('0.0.0.0/0')('203.0.113.9')).toBe(true);
    expect(compileCidr('::/0')('203.0.113.9')).toBe(false);
  });

  it('refuses what is not a CIDR range', () => {
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/8.5',
      '10.0.0/8',
      '2001:db8::/129',
      'x/8',
      '10.0.0.0/',
    ])
      expect(() => compileCidr(bad)).toThrow(RuleLoadError);
  });
});
