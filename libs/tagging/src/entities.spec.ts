import { SettingsError } from '@riskline/settings';
import { extractEntities } from './entities';
import { parseRiskConfig } from './risk-config';

const defaults = parseRiskConfig('');
const users = (event: Record<string, unknown>, config = defaults) =>
  extractEntities(event, config)
    .entities.filter((e) => e.type === 'user')
    .map((e) => e.value);
const only = (event: Record<string, unknown>, type: string, config = defaults) =>
  extractEntities(event, config).entities.find((e) => e.type === type)?.value;

describe('entity canonical forms', () => {
  it('makes DOMAIN\\user, user@dns-domain and a name with its domain field one user', () => {
    expect(users({ User: 'CORP\\svc-backup' })).toEqual(['corp\\svc-backup']);
    expect(users({ TargetUserName: 'svc-backup@CORP.EXAMPLE' })).toEqual(['corp\\svc-backup']);
    expect(users({ TargetUserName: 'SVC-Backup', TargetDomainName: 'corp.example.' })).toEqual([
      'corp\\svc-backup',
    ]);
    expect(users({ 'user.name': 'svc-backup', 'user.domain': 'CORP' })).toEqual(['corp\\svc-backup']);
    // A bare name with no domain anywhere stays a bare name.
    expect(users({ user: 'Alice' })).toEqual(['alice']);
  });

  it('writes the configured format, with domain aliases', () => {
    const upn = parseRiskConfig(
      'normalize: {user: {format: upn, domains: {CORP: corp.example, "legacy.corp.example": corp.example}}}',
    );
    expect(users({ User: 'CORP\\Alice' }, upn)).toEqual(['alice@corp.example']);
    expect(users({ User: 'alice@LEGACY.corp.example' }, upn)).toEqual(['alice@corp.example']);
    expect(users({ User: 'alice@other.example' }, upn)).toEqual(['alice@other.example']);
    const name = parseRiskConfig('normalize: {user: {format: name}}');
    expect(users({ User: 'CORP\\Alice' }, name)).toEqual(['alice']);
    const noNetbios = parseRiskConfig('normalize: {user: {netbios_from_dns: false}}');
    expect(users({ User: 'alice@corp.example' }, noNetbios)).toEqual(['corp.example\\alice']);
  });

  it('is idempotent: a canonical value read again is itself', () => {
    for (const v of ['corp\\svc-backup', 'alice', 'corp\\ws-042$']) expect(users({ User: v })).toEqual([v]);
    expect(only({ Computer: 'ws-042' }, 'host')).toBe('ws-042');
    expect(only({ IpAddress: '10.1.2.3' }, 'src_ip')).toBe('10.1.2.3');
  });

  it('maps a SID to the name its event carries beside it, and keeps an unpaired SID', () => {
    expect(
      users({
        TargetUserSid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
        TargetUserName: 'alice',
        TargetDomainName: 'CORP',
      }),
    ).toEqual(['corp\\alice']);
    expect(users({ TargetUserSid: 's-1-5-21-1-2-3-1013' })).toEqual(['S-1-5-21-1-2-3-1013']);
  });

  it('writes hosts short by default, or fully qualified', () => {
    expect(only({ Computer: 'WS-042.corp.example' }, 'host')).toBe('ws-042');
    const fqdn = parseRiskConfig('normalize: {host: {form: fqdn, default_domain: corp.example}}');
    expect(only({ Computer: 'WS-042' }, 'host', fqdn)).toBe('ws-042.corp.example');
    expect(only({ Computer: 'ws-042.corp.example.' }, 'host', fqdn)).toBe('ws-042.corp.example');
    // An address in a host field is never cut at its first dot.
    expect(only({ Computer: '10.20.4.42' }, 'host')).toBe('10.20.4.42');
  });

  it('writes addresses canonically', () => {
    expect(only({ IpAddress: '::ffff:10.20.4.42' }, 'src_ip')).toBe('10.20.4.42');
    expect(only({ IpAddress: '2001:DB8:0:0::1' }, 'src_ip')).toBe('2001:db8::1');
    // Not an address: kept as written (some sources put a host name in an address field).
    expect(only({ IpAddress: 'gateway' }, 'src_ip')).toBe('gateway');
  });
});

describe('entity exclusions', () => {
  it('never makes system accounts, loopback or link-local addresses entities, and says why', () => {
    const { entities, excluded } = extractEntities(
      { User: 'NT AUTHORITY\\SYSTEM', IpAddress: '127.0.0.1', Computer: 'WS-1' },
      defaults,
    );
    expect(entities).toEqual([{ type: 'host', value: 'ws-1' }]);
    expect(excluded).toEqual([
      { type: 'user', reason: 'excluded' },
      { type: 'src_ip', reason: 'ip_loopback' },
    ]);
    for (const ip of ['::1', '169.254.10.1', 'fe80::1', '0.0.0.0', '::ffff:127.0.0.1'])
      expect(only({ IpAddress: ip }, 'src_ip')).toBeUndefined();
    expect(users({ TargetUserSid: 'S-1-5-18' })).toEqual([]);
    expect(users({ User: 'Window Manager\\DWM-1' })).toEqual([]);
  });

  it('lets an exclusion stand (no later field replaces it) but a placeholder fall through', () => {
    expect(users({ User: 'NT AUTHORITY\\SYSTEM', TargetUserName: 'alice' })).toEqual([]);
    expect(users({ User: '-', TargetUserName: 'alice' })).toEqual(['alice']);
    expect(extractEntities({ User: '-' }, defaults).excluded).toEqual([
      { type: 'user', reason: 'placeholder' },
    ]);
  });

  it('takes configured names and globs, judged on the canonical form', () => {
    const config = parseRiskConfig(
      'entities: {user: {fields: [User], lowercase: true, exclude: ["corp\\\\svc-scan*", healthcheck]}}',
    );
    expect(users({ User: 'svc-scanner@corp.example' }, config)).toEqual([]);
    expect(users({ User: 'HealthCheck' }, config)).toEqual([]);
    expect(users({ User: 'CORP\\alice' }, config)).toEqual(['corp\\alice']);
    // The defaults were replaced, not merged: SYSTEM is a user under this config.
    expect(users({ User: 'NT AUTHORITY\\SYSTEM' }, config)).toEqual(['nt authority\\system']);
  });

  it('refuses unknown kinds and ranges, naming the key', () => {
    expect(() => parseRiskConfig('entities: {src_ip: {fields: [a], exclude_ranges: [loopbak]}}')).toThrow(
      /entities\.src_ip\.exclude_ranges: unknown range loopbak/,
    );
    expect(() => parseRiskConfig('entities: {x: {fields: [a], kind: person}}')).toThrow(SettingsError);
    expect(() => parseRiskConfig('normalize: {user: {format: x500}}')).toThrow(/normalize\.user\.format/);
  });
});
