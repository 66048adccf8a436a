import { entityKey, parseEntityKey } from './entity-key';

describe('entityKey', () => {
  it('joins type and value and parses back, values may hold colons', () => {
    expect(entityKey('src_ip', 'fe80::1')).toBe('src_ip:fe80::1');
    expect(parseEntityKey('src_ip:fe80::1')).toEqual({ type: 'src_ip', value: 'fe80::1' });
  });

  it.each([['User'], ['us:er'], [''], ['1user']])('refuses the entity type %p', (type) => {
    expect(() => entityKey(type, 'x')).toThrow(/entity type/);
  });

  it('refuses empty and oversized values', () => {
    expect(() => entityKey('user', '')).toThrow(/1\.\.1024/);
    expect(() => entityKey('user', 'x'.repeat(1025))).toThrow(/1\.\.1024/);
  });

  it('refuses a key without a type', () => {
    expect(() => parseEntityKey(':alice')).toThrow(/not an entity key/);
    expect(() => parseEntityKey('alice')).toThrow(/not an entity key/);
  });
});
