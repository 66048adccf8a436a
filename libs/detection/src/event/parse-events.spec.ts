import { EventParseError, EventStreamParser, parseEvents } from './parse-events';

describe('parseEvents', () => {
  it('reads JSON lines, an array, and objects back to back, in order', () => {
    expect(parseEvents('{"a":1}\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEvents('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEvents('{"a":1}{"a":{"b":"}{"}}  {"a":3}')).toEqual([{ a: 1 }, { a: { b: '}{' } }, { a: 3 }]);
    expect(parseEvents('\uFEFF{"a":"\\"{"}')).toEqual([{ a: '"{' }]);
    expect(parseEvents('   ')).toEqual([]);
  });

  it('names the line where text is not JSON', () => {
    expect(() => parseEvents('{"a":1}\nnot json')).toThrow(
      new EventParseError("line 2: unexpected 'n' (expected a JSON object)"),
    );
    expect(() => parseEvents('{"a":1}\n{"a":')).toThrow(/line 2: input ends inside the JSON value/);
    expect(() => parseEvents('[1,2]')).toThrow(/line 1: a JSON value other than an object/);
    expect(() => parseEvents('{"a" 1}')).toThrow(/^line 1: /);
  });

  it('reports each malformed record with its line and goes on with the next', () => {
    const parser = new EventStreamParser();
    const text = [
      '{"a":1}',
      'garbage here {"not":"read"}',
      '{"a" 2}',
      '{"a":"broken',
      '{',
      '  "a": 3',
      '}',
      '{"a":4}',
    ].join('\n');
    const records = [...parser.push(text), ...parser.end()];
    expect(records).toEqual([
      { line: 1, event: { a: 1 } },
      { line: 2, error: "unexpected 'g' (expected a JSON object)" },
      { line: 3, error: expect.any(String) },
      { line: 4, error: 'a line break inside a string' },
      { line: 5, event: { a: 3 } },
      { line: 8, event: { a: 4 } },
    ]);
  });

  it('streams: chunk boundaries anywhere give the same events', () => {
    const text = '{"a":"x\\"y"}\n[{"b":[1,{"c":2}]}]{"d":"é"}\n';
    const whole = parseEvents(text);
    for (let size = 1; size < text.length; size++) {
      const parser = new EventStreamParser();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records.map((r) => ('event' in r ? r.event : r))).toEqual(whole);
    }
  });

  it('reads a JSON line whole exactly as the character scan does, on a corpus of every line shape', () => {
    // Fed one character at a time, no line is ever whole in the buffer: that is the scan alone.
    const shapes = [
      '{"a":1}',
      '  {"b":"x}"}  \r',
      '{"c":{"d":[1,2,{"e":"}"}]}}',
      '{"f":1}{"g":2}',
      '{"h":1},',
      '{"i":',
      '"j"}',
      '[{"k":1},{"l":2}]',
      '{',
      '  "m": "pretty"',
      '}',
      'not json',
      '{"n":1} trailing',
      '{"o":"\\"}',
      '{bad json}',
      '[1, 2]',
      '',
    ];
    let seed = 3;
    const pick = () => shapes[(seed = (seed * 48271) % 2147483647) % shapes.length]!;
    for (let run = 0; run < 200; run++) {
      const text = Array.from({ length: 12 }, pick).join('\n') + (run % 2 ? '\n' : '');
      const scan = new EventStreamParser();
      const scanned = [...text].flatMap((c) => scan.push(c)).concat(scan.end());
      const whole = new EventStreamParser();
      expect({ text, records: [...whole.push(text), ...whole.end()] }).toEqual({ text, records: scanned });
    }
  });
});
