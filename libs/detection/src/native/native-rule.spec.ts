import { DetectionEngine } from '../detection-engine';
import { loadRuleText } from '../load-rules';
import { LogSourceMapping } from '../logsource/logsource-mapping';

const RECON = `
rule_id: native.honeypot.recon
rule_version: 3
name: Honeypot reconnaissance commands
description: An attacker on the honeypot enumerates the system.
applies_to: [honeypot.command]
level: high
match:
  any:
    - pattern: '^(uname|id|whoami)\\b'
    - all:
        - contains: /etc/passwd
        - field: user
          in_set: [root, admin]
    - not:
        exists: true
        field: command
emits:
  - tactic: discovery
    technique_id: T1082
    confidence: 0.7
  - tactic: credential_access
    technique_id: T1003
    sub_technique_id: '008'
    confidence: 0.5
evidence_fields: [command, src_ip]
owner: deception-team
`;

function engine(text = RECON) {
  const load = loadRuleText('native.yml', text);
  expect(load.errors).toEqual([]);
  return new DetectionEngine(load.rules, new LogSourceMapping([]));
}

function loadError(text: string): string {
  const { errors } = loadRuleText('native.yml', text);
  expect(errors).toHaveLength(1);
  return errors[0]!.reason;
}

describe('native TTP rules', () => {
  const e = engine();
  const fire = (event: Record<string, unknown>) =>
    e.evaluate({ source_kind: 'honeypot.command', ...event }, 'soc.events/0/7');

  it('matches a regex on the source kind default field and emits every tag', () => {
    const [firing] = fire({ command: 'WHOAMI /all' });
    expect(firing?.rule.id).toBe('native.honeypot.recon');
    expect(firing?.rule.level).toBe('high');
    expect(firing?.tags.map((t) => [t.tactic, t.technique, t.confidence])).toEqual([
      ['discovery', 'T1082', 0.7],
      ['credential-access', 'T1003.008', 0.5],
    ]);
    expect(firing?.rule.custom).toEqual({ owner: 'deception-team' });
  });

  it('combines all / any / not, contains, in_set and exists', () => {
    expect(fire({ command: 'cat /etc/passwd', user: 'ROOT' })).toHaveLength(1);
    expect(fire({ command: 'cat /etc/passwd', user: 'guest' })).toHaveLength(0);
    expect(fire({ src_ip: '1.2.3.4' })).toHaveLength(1); // no command at all
    expect(fire({ command: 'ls -la' })).toHaveLength(0);
  });

  it('applies only to its source kinds', () => {
    expect(e.evaluate({ source_kind: 'http.request', command: 'whoami' })).toEqual([]);
    expect(e.evaluate({ command: 'whoami' })).toEqual([]);
  });

  it('gives deterministic tag ids that change with the source, rule version and technique', () => {
    const a = fire({ command: 'id' })[0]!.tags;
    const b = fire({ command: 'id' })[0]!.tags;
    expect(a.map((t) => t.tag_id)).toEqual(b.map((t) => t.tag_id));
    expect(new Set(a.map((t) => t.tag_id)).size).toBe(2);
    const other = e.evaluate({ source_kind: 'honeypot.command', command: 'id' }, 'soc.events/0/8')[0]!.tags;
    expect(other[0]!.tag_id).not.toBe(a[0]!.tag_id);
    const v4 = engine(RECON.replace('rule_version: 3', 'rule_version: 4')).evaluate(
      { source_kind: 'honeypot.command', command: 'id' },
      'soc.events/0/7',
    )[0]!.tags;
    expect(v4[0]!.tag_id).not.toBe(a[0]!.tag_id);
  });

  it.each([
    [
      'tactic',
      '  - tactic: discovery\n    technique_id: T1082',
      '  - technique_id: T1082',
      /emits\[0\]: tactic is required/,
    ],
    ['technique_id', '    technique_id: T1082\n', '', /emits\[0\]: technique_id is required/],
    ['confidence', '    confidence: 0.5\n', '', /emits\[1\]: confidence is required/],
  ])('refuses an emit without %s', (_key, line, replacement, reason) => {
    expect(RECON).toContain(line);
    expect(loadError(RECON.replace(line, replacement))).toMatch(reason);
  });

  it('refuses unknown tactics, malformed techniques, bad confidence and unsupported regexes', () => {
    expect(loadError(RECON.replace('tactic: discovery', 'tactic: teleportation'))).toMatch(
      /not an ATT&CK Enterprise tactic/,
    );
    expect(loadError(RECON.replace('technique_id: T1082', 'technique_id: 1082'))).toMatch(
      /must look like T1059/,
    );
    expect(loadError(RECON.replace('confidence: 0.7', 'confidence: 7'))).toMatch(/from 0 to 1/);
    expect(loadError(RECON.replace("pattern: '^(uname|id|whoami)\\b'", "pattern: '(a)\\1'"))).toMatch(
      /linear-time engine/,
    );
    expect(loadError(RECON.replace('applies_to: [honeypot.command]', 'applies_to: []'))).toMatch(
      /applies_to/,
    );
  });

  it('loads Sigma and native rules from one file, reporting only the broken one', () => {
    const sigma = 'title: s\nid: s1\nlogsource: {category: test}\ndetection: {sel: {A: 1}, condition: sel}\n';
    const load = loadRuleText(
      'mixed.yml',
      `${sigma}---\n${RECON}---\nrule_id: broken\nname: b\napplies_to: [x]\nmatch: {contains: a}\nemits: []\n`,
    );
    expect(load.rules.map((r) => [r.kind, r.id])).toEqual([
      ['sigma', 's1'],
      ['native', 'native.honeypot.recon'],
    ]);
    expect(load.errors).toEqual([
      { source: 'mixed.yml', id: 'broken', reason: 'emits must list at least one tactic and technique' },
    ]);
  });
});
