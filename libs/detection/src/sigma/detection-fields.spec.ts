import { compileSigmaRule, detectionFieldNames } from './sigma-rule';

describe('detectionFieldNames', () => {
  it('names every field the searches test, modifiers stripped, first use first, keywords none', () => {
    expect(
      detectionFieldNames({
        selection: { 'Image|endswith': '\\whoami.exe', CommandLine: ['/all', '/priv'] },
        alternatives: [{ 'ParentImage|contains|all': ['a', 'b'] }, { Image: 'x', User: 'y' }],
        keywords: ['mimikatz', 'sekurlsa'],
        timeframe: '5m',
        condition: 'selection or alternatives or keywords',
      }),
    ).toEqual(['Image', 'CommandLine', 'ParentImage', 'User']);
    expect(detectionFieldNames(null)).toEqual([]);
  });

  it('is what a compiled rule shows as evidence when it declares no fields', () => {
    const rule = compileSigmaRule(
      {
        id: 'r1',
        title: 't',
        logsource: { category: 'process_creation', product: 'windows' },
        detection: { selection: { 'Image|endswith': '\\whoami.exe' }, condition: 'selection' },
      },
      { placeholders: new Map() },
    );
    expect(rule.detectionFields).toEqual(['Image']);
    expect(rule.fields).toEqual([]);
  });
});
