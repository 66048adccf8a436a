import { EventParseError, EventStreamParser, parseEvents } from './parse-events';

describe('parseEvents', () => {
  it('reads JSON lines, an array, and objects back to back, in order', () => {
    expect(parseEvents('{"a":1}\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEvents('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEvents('{"a":1}{"a":{"b":"}{"}}  {"a":3}')).toEqual([{ a: 1 }, { a: { b: '}{' } }, { a: 3 }]);
    expect(parseEvents('\uFEFF{"a":"\\"{"}')).toEqual([{ a: '"{' }]);
    expect(parseEvents('   ')).toEqual([]);
  });

  it('names where text is not JSON', () => {
    expect(() => parseEvents('{"a":1}\nnot json')).toThrow(
      new EventParseError("unexpected 'n' (expected a JSON object) at character 8"),
    );
    expect(() => parseEvents('{"a":1}\n{"a":')).toThrow(/input ends inside JSON value 1/);
    expect(() => parseEvents('[1,2]')).toThrow(/other than an object/);
    expect(() => parseEvents('{"a" 1}')).toThrow(/JSON value 0/);
  });

  it('streams: chunk boundaries anywhere give the same events', () => {
    const text = '{"a":"x\\"y"}\n[{"b":[1,{"c":2}]}]{"d":"é"}\n';
    const whole = parseEvents(text);
    for (let size = 1; size < text.length; size++) {
      const parser = new EventStreamParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      parser.end();
      expect(events).toEqual(whole);
    }
  });
});
