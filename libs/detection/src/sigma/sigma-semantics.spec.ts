/**
 * Sigma semantics, one behaviour per test, each with the near miss that must NOT fire.
 * Events declare `logsource: {category: test}` so only the detection logic is under test.
 */
import { DetectionEngine } from '../detection-engine';
import { LogSourceMapping } from '../logsource/logsource-mapping';
import { loadRuleText } from '../load-rules';

function rule(detection: string, extra = ''): string {
  return `title: t\nid: r1\nlogsource:\n  category: test\n${extra}detection:\n${detection
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

function engineFor(yaml: string, placeholders: Record<string, string[]> = {}) {
  const load = loadRuleText('test.yml', yaml, { placeholders: new Map(Object.entries(placeholders)) });
  if (load.errors.length > 0) throw new Error(JSON.stringify(load.errors));
  return new DetectionEngine(load.rules, new LogSourceMapping([]));
}

function fires(
  yaml: string,
  event: Record<string, unknown>,
  placeholders?: Record<string, string[]>,
): boolean {
  return engineFor(yaml, placeholders).evaluate({ logsource: { category: 'test' }, ...event }).length > 0;
}

function loadError(yaml: string): string {
  const { errors } = loadRuleText('bad.yml', yaml);
  expect(errors).toHaveLength(1);
  return errors[0]!.reason;
}

describe('selections', () => {
  const r = rule('sel:\n  Image: C:\\\\Windows\\\\cmd.exe\n  User: alice\ncondition: sel');
  it('ANDs fields of a map, case-insensitively', () => {
    expect(fires(r, { Image: 'c:\\windows\\CMD.EXE', User: 'ALICE' })).toBe(true);
    expect(fires(r, { Image: 'c:\\windows\\cmd.exe', User: 'bob' })).toBe(false);
    expect(fires(r, { Image: 'c:\\windows\\cmd.exe' })).toBe(false);
  });

  it('ORs values of a list and maps of a list', () => {
    const list = rule('sel:\n  User:\n    - alice\n    - bob\ncondition: sel');
    expect(fires(list, { User: 'bob' })).toBe(true);
    expect(fires(list, { User: 'carol' })).toBe(false);
    const maps = rule('sel:\n  - User: alice\n  - Host: h1\ncondition: sel');
    expect(fires(maps, { Host: 'h1' })).toBe(true);
    expect(fires(maps, { Host: 'h2', User: 'bob' })).toBe(false);
  });

  it('compares numbers as text', () => {
    const r2 = rule('sel:\n  EventID: 4688\ncondition: sel');
    expect(fires(r2, { EventID: 4688 })).toBe(true);
    expect(fires(r2, { EventID: '4688' })).toBe(true);
    expect(fires(r2, { EventID: 46880 })).toBe(false);
  });

  it('treats null as an absent field, and empty string as empty', () => {
    const nul = rule('sel:\n  User: null\ncondition: sel');
    expect(fires(nul, { Host: 'x' })).toBe(true);
    expect(fires(nul, { User: null })).toBe(true);
    expect(fires(nul, { User: 'a' })).toBe(false);
    const empty = rule("sel:\n  User: ''\ncondition: sel");
    expect(fires(empty, { User: '' })).toBe(true);
    expect(fires(empty, {})).toBe(false);
  });

  it('matches any element of an array field', () => {
    expect(fires(rule('sel:\n  Tags|contains: evil\ncondition: sel'), { Tags: ['ok', 'very-EVIL'] })).toBe(
      true,
    );
    expect(fires(rule('sel:\n  Tags|contains: evil\ncondition: sel'), { Tags: ['ok'] })).toBe(false);
  });

  it('reads evtx_dump and dotted nested fields', () => {
    const r2 = rule(
      'sel:\n  Image|endswith: \\\\cmd.exe\n  process.parent.name: explorer.exe\ncondition: sel',
    );
    expect(
      fires(r2, {
        Event: { EventData: { Image: 'C:\\cmd.exe' } },
        process: { parent: { name: 'explorer.exe' } },
      }),
    ).toBe(true);
    expect(
      fires(r2, { Event: { EventData: { Image: 'C:\\cmd.exe' } }, process: { parent: { name: 'x.exe' } } }),
    ).toBe(false);
  });
});

describe('wildcards', () => {
  it('supports * and ? with escapes', () => {
    const r = rule('sel:\n  Cmd: a*b?c\ncondition: sel');
    expect(fires(r, { Cmd: 'aXXXbYc' })).toBe(true);
    expect(fires(r, { Cmd: 'abc' })).toBe(false);
    const escaped = rule('sel:\n  Cmd: a\\*b\ncondition: sel');
    expect(fires(escaped, { Cmd: 'a*b' })).toBe(true);
    expect(fires(escaped, { Cmd: 'aXb' })).toBe(false);
    const q = rule('sel:\n  Cmd: what\\?\ncondition: sel');
    expect(fires(q, { Cmd: 'what?' })).toBe(true);
    expect(fires(q, { Cmd: 'whatX' })).toBe(false);
  });

  it('matches long adversarial text with many stars quickly', () => {
    const r = rule(`sel:\n  Cmd: '${'*a'.repeat(20)}*b'\ncondition: sel`);
    const t0 = performance.now();
    expect(fires(r, { Cmd: 'a'.repeat(50_000) })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('modifiers', () => {
  it('contains / startswith / endswith', () => {
    expect(fires(rule('sel:\n  C|contains: Mimi\ncondition: sel'), { C: 'x mimikatz y' })).toBe(true);
    expect(fires(rule('sel:\n  C|contains: mimi\ncondition: sel'), { C: 'mim ikatz' })).toBe(false);
    expect(fires(rule('sel:\n  C|startswith: net\ncondition: sel'), { C: 'NET user' })).toBe(true);
    expect(fires(rule('sel:\n  C|startswith: net\ncondition: sel'), { C: ' net user' })).toBe(false);
    expect(fires(rule('sel:\n  C|endswith: .exe\ncondition: sel'), { C: 'a.EXE' })).toBe(true);
    expect(fires(rule('sel:\n  C|endswith: .exe\ncondition: sel'), { C: 'a.exe.txt' })).toBe(false);
  });

  it('all requires every value', () => {
    const r = rule('sel:\n  C|contains|all:\n    - a1\n    - b2\ncondition: sel');
    expect(fires(r, { C: 'b2 and a1' })).toBe(true);
    expect(fires(r, { C: 'only a1' })).toBe(false);
  });

  it('cased matches case-sensitively', () => {
    const r = rule('sel:\n  C|cased: Secret\ncondition: sel');
    expect(fires(r, { C: 'Secret' })).toBe(true);
    expect(fires(r, { C: 'secret' })).toBe(false);
  });

  it('re is case-sensitive unless i, and supports m and s', () => {
    expect(fires(rule("sel:\n  C|re: '^foo\\d+$'\ncondition: sel"), { C: 'foo42' })).toBe(true);
    expect(fires(rule("sel:\n  C|re: '^foo\\d+$'\ncondition: sel"), { C: 'FOO42' })).toBe(false);
    expect(fires(rule("sel:\n  C|re|i: '^foo\\d+$'\ncondition: sel"), { C: 'FOO42' })).toBe(true);
    expect(fires(rule("sel:\n  C|re: '^bar$'\ncondition: sel"), { C: 'foo\nbar' })).toBe(false);
    expect(fires(rule("sel:\n  C|re|m: '^bar$'\ncondition: sel"), { C: 'foo\nbar' })).toBe(true);
    expect(fires(rule("sel:\n  C|re: 'a.b'\ncondition: sel"), { C: 'a\nb' })).toBe(false);
    expect(fires(rule("sel:\n  C|re|s: 'a.b'\ncondition: sel"), { C: 'a\nb' })).toBe(true);
  });

  it('re runs in linear time on a catastrophic pattern', () => {
    const r = rule("sel:\n  C|re: '(a+)+$'\ncondition: sel");
    const engine = engineFor(r);
    const t0 = performance.now();
    engine.evaluate({ logsource: { category: 'test' }, C: `${'a'.repeat(50_000)}!` });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
  });

  it('refuses regexes the linear-time engine cannot run, naming the reason', () => {
    expect(loadError(rule("sel:\n  C|re: '(a)\\1'\ncondition: sel"))).toMatch(/linear-time engine/);
    expect(loadError(rule("sel:\n  C|re: '(?<=a)b'\ncondition: sel"))).toMatch(/linear-time engine/);
  });

  it('windash matches every dash variant of a flag', () => {
    const r = rule('sel:\n  C|windash|contains: " -enc "\ncondition: sel');
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015'])
      expect(fires(r, { C: `powershell ${dash}enc abc` })).toBe(true);
    expect(fires(r, { C: 'powershell _enc abc' })).toBe(false);
  });

  it('windash lets each flag take its own dash, however many flags, and only flags', () => {
    const r = rule('sel:\n  C|windash|contains: "x -a -b -c -d -e:f"\ncondition: sel');
    expect(fires(r, { C: 'run x -a /b \u2013c \u2014d \u2015e:f now' })).toBe(true);
    expect(fires(r, { C: 'run x /a /b /c /d /e:f' })).toBe(true);
    expect(fires(r, { C: 'run x -a -b -c -d _e:f' })).toBe(false);
    // The `-` inside a word is no flag: it stays a hyphen.
    const word = rule('sel:\n  C|windash: "set-x -y"\ncondition: sel');
    expect(fires(word, { C: 'set-x /y' })).toBe(true);
    expect(fires(word, { C: 'set/x /y' })).toBe(false);
    // With wildcards and with a byte transform after it.
    const glob = rule('sel:\n  C|windash: "*.exe -s*"\ncondition: sel');
    expect(fires(glob, { C: 'c:\\a.exe \u2013s 1' })).toBe(true);
  });

  it('base64 and base64offset find encoded text at any alignment', () => {
    const r = rule('sel:\n  C|base64offset|contains: "Invoke-Mimikatz"\ncondition: sel');
    for (const prefix of ['', 'x', 'xy']) {
      const encoded = Buffer.from(`${prefix}Invoke-Mimikatz -Dump`).toString('base64');
      expect(fires(r, { C: `powershell -enc ${encoded}` })).toBe(true);
    }
    expect(fires(r, { C: Buffer.from('Invoke-Nothing').toString('base64') })).toBe(false);
    const plain = rule('sel:\n  C|base64: "abc"\ncondition: sel');
    expect(fires(plain, { C: 'YWJj' })).toBe(true);
    expect(fires(plain, { C: 'abc' })).toBe(false);
  });

  it('wide / utf16le / utf16be / utf16 encode before base64', () => {
    const le = rule('sel:\n  C|wide|base64offset|contains: "iex"\ncondition: sel');
    expect(fires(le, { C: Buffer.from('xx iex (new-object)', 'utf16le').toString('base64') })).toBe(true);
    expect(fires(le, { C: Buffer.from('xx iex (new-object)', 'utf8').toString('base64') })).toBe(false);
    const be = rule('sel:\n  C|utf16be|base64: "ab"\ncondition: sel');
    expect(fires(be, { C: Buffer.from([0, 0x61, 0, 0x62]).toString('base64') })).toBe(true);
    const bom = rule('sel:\n  C|utf16|base64: "ab"\ncondition: sel');
    expect(fires(bom, { C: Buffer.from([0xff, 0xfe, 0x61, 0, 0x62, 0]).toString('base64') })).toBe(true);
    expect(
      fires(rule('sel:\n  C|utf16le|base64: "ab"\ncondition: sel'), {
        C: Buffer.from('ab', 'utf16le').toString('base64'),
      }),
    ).toBe(true);
  });

  it('cidr matches IPv4 and IPv6 ranges', () => {
    const r = rule('sel:\n  Ip|cidr:\n    - 10.0.0.0/8\n    - fe80::/10\ncondition: sel');
    expect(fires(r, { Ip: '10.1.2.3' })).toBe(true);
    expect(fires(r, { Ip: 'fe80::1' })).toBe(true);
    expect(fires(r, { Ip: '11.0.0.1' })).toBe(false);
    expect(fires(r, { Ip: '2001:db8::1' })).toBe(false);
    expect(fires(r, { Ip: 'not an ip' })).toBe(false);
    expect(loadError(rule('sel:\n  Ip|cidr: 10.0.0.0/33\ncondition: sel'))).toMatch(/not a CIDR/);
  });

  it('exists tests presence', () => {
    expect(fires(rule('sel:\n  User|exists: true\ncondition: sel'), { User: '' })).toBe(true);
    expect(fires(rule('sel:\n  User|exists: true\ncondition: sel'), {})).toBe(false);
    expect(fires(rule('sel:\n  User|exists: false\ncondition: sel'), {})).toBe(true);
  });

  it('gt / gte / lt / lte compare numbers', () => {
    expect(fires(rule('sel:\n  N|gt: 10\ncondition: sel'), { N: 11 })).toBe(true);
    expect(fires(rule('sel:\n  N|gt: 10\ncondition: sel'), { N: 10 })).toBe(false);
    expect(fires(rule('sel:\n  N|gte: 10\ncondition: sel'), { N: '10' })).toBe(true);
    expect(fires(rule('sel:\n  N|lt: 10\ncondition: sel'), { N: 9.5 })).toBe(true);
    expect(fires(rule('sel:\n  N|lte: 10\ncondition: sel'), { N: 11 })).toBe(false);
    expect(fires(rule('sel:\n  N|lt: 10\ncondition: sel'), { N: 'ten' })).toBe(false);
  });

  it('fieldref compares two fields', () => {
    const r = rule('sel:\n  TargetUser|fieldref: SubjectUser\ncondition: sel');
    expect(fires(r, { TargetUser: 'Alice', SubjectUser: 'alice' })).toBe(true);
    expect(fires(r, { TargetUser: 'alice', SubjectUser: 'bob' })).toBe(false);
    expect(fires(r, { TargetUser: 'alice' })).toBe(false);
  });

  it('expand substitutes placeholders from configuration', () => {
    const r = rule('sel:\n  User|expand: "%admins%"\ncondition: sel');
    expect(fires(r, { User: 'root' }, { admins: ['root', 'administrator'] })).toBe(true);
    expect(fires(r, { User: 'guest' }, { admins: ['root', 'administrator'] })).toBe(false);
    expect(loadError(r)).toMatch(/%admins% has no values/);
  });

  it('refuses unknown modifiers', () => {
    expect(loadError(rule('sel:\n  C|sortof: x\ncondition: sel'))).toMatch(/unknown modifier 'sortof'/);
  });
});

describe('keywords', () => {
  it('searches every value of the event', () => {
    const r = rule('keywords:\n  - mimikatz\n  - "sekurlsa::*"\ncondition: keywords');
    expect(fires(r, { msg: 'ran MIMIKATZ.exe' })).toBe(true);
    expect(fires(r, { nested: { deep: 'sekurlsa::logonpasswords' } })).toBe(true);
    expect(fires(r, { msg: 'nothing here' })).toBe(false);
  });

  it('with all, requires every keyword', () => {
    const r = rule("keywords:\n  '|all':\n    - alpha\n    - beta\ncondition: keywords");
    expect(fires(r, { a: 'alpha', b: 'beta' })).toBe(true);
    expect(fires(r, { a: 'alpha' })).toBe(false);
  });
});

describe('conditions', () => {
  const searches = 'a:\n  A: 1\nb:\n  B: 1\nsel_x:\n  X: 1\nsel_y:\n  Y: 1\nfilter:\n  F: 1\n';
  const c = (condition: string, event: Record<string, unknown>) =>
    fires(rule(`${searches}condition: ${condition}`), event);

  it('and / or / not with Sigma precedence and parentheses', () => {
    expect(c('a or b and filter', { A: 1 })).toBe(true); // a or (b and filter)
    expect(c('(a or b) and filter', { A: 1 })).toBe(false);
    expect(c('a and not filter', { A: 1 })).toBe(true);
    expect(c('a and not filter', { A: 1, F: 1 })).toBe(false);
    expect(c('not a and not b', {})).toBe(true);
    expect(c('not (a or b)', { B: 1 })).toBe(false);
  });

  it('1 of / all of / any of with patterns and them', () => {
    expect(c('1 of sel_*', { Y: 1 })).toBe(true);
    expect(c('1 of sel_*', { A: 1 })).toBe(false);
    expect(c('all of sel_*', { X: 1 })).toBe(false);
    expect(c('all of sel_*', { X: 1, Y: 1 })).toBe(true);
    expect(c('any of sel_*', { X: 1 })).toBe(true);
    expect(c('all of them', { A: 1, B: 1, X: 1, Y: 1, F: 1 })).toBe(true);
    expect(c('all of them', { A: 1, B: 1, X: 1, Y: 1 })).toBe(false);
    expect(c('2 of them', { A: 1, F: 1 })).toBe(true);
    expect(c('2 of them', { A: 1 })).toBe(false);
  });

  it('reports conditions that name nothing or do not parse', () => {
    expect(loadError(rule(`${searches}condition: a and missing`))).toMatch(
      /'missing' is not a search identifier/,
    );
    expect(loadError(rule(`${searches}condition: 1 of nothing_*`))).toMatch(/matches no search identifier/);
    expect(loadError(rule(`${searches}condition: (a or b`))).toMatch(/missing \)/);
    expect(loadError(rule(`${searches}condition: a b`))).toMatch(/unexpected 'b'/);
  });
});

describe('rule metadata and load errors', () => {
  it('keeps metadata, custom attributes and ATT&CK from tags', () => {
    const { rules } = loadRuleText(
      'm.yml',
      rule(
        'sel:\n  A: 1\ncondition: sel',
        'status: test\nlevel: high\nrisk_score: 42\ntags:\n  - attack.credential_access\n  - attack.Lateral-Movement\n  - attack.t1003.001\n  - attack.g0016\nfalsepositives:\n  - admins\n',
      ),
    );
    expect(rules[0]).toEqual(
      expect.objectContaining({
        id: 'r1',
        status: 'test',
        level: 'high',
        custom: { risk_score: 42 },
        falsepositives: ['admins'],
        tactics: ['credential-access', 'lateral-movement'],
        techniques: ['T1003.001'],
      }),
    );
  });

  it('reports a broken rule and still loads the others in the file', () => {
    const text = `${rule('sel:\n  A: 1\ncondition: sel')}---\ntitle: broken\nid: r2\nlogsource: {category: test}\ndetection:\n  condition: sel\n---\n${rule('sel:\n  B: 1\ncondition: sel').replace('id: r1', 'id: r3')}`;
    const load = loadRuleText('multi.yml', text);
    expect(load.rules.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(load.errors).toEqual([
      {
        source: 'multi.yml',
        id: 'r2',
        reason: "condition 'sel': 'sel' is not a search identifier of this rule",
      },
    ]);
  });

  it('reports files that are not YAML, and rules without id or with a bad level', () => {
    expect(loadRuleText('x.yml', 'title: [unclosed').errors[0]!.reason).toMatch(/^not YAML/);
    expect(
      loadError('title: t\nlogsource: {category: test}\ndetection: {sel: {A: 1}, condition: sel}\n'),
    ).toBe('rule has no id');
    expect(loadError(rule('sel:\n  A: 1\ncondition: sel', 'level: severe\n'))).toMatch(/level 'severe'/);
  });
});
