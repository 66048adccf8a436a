import { deadLetterFor } from './dead-letter';

describe('deadLetterFor', () => {
  const record = {
    topic: 'soc.events',
    partition: 3,
    offset: '42',
    key: Buffer.from('k'),
    timestamp: '1700000000000',
  };

  it('keeps a UTF-8 payload as text with its coordinates and reason', () => {
    const letter = deadLetterFor(
      { kind: 'invalid_json', message: 'bad' },
      { ...record, value: Buffer.from('{"a":') },
      'tagger',
    );
    expect(letter.payload).toEqual({ encoding: 'utf8', data: '{"a":', bytes: 5 });
    expect(letter.source).toEqual({
      topic: 'soc.events',
      partition: 3,
      offset: '42',
      key: 'k',
      timestamp: '1700000000000',
    });
    expect(letter.reason).toEqual({ kind: 'invalid_json', message: 'bad' });
  });

  it('keeps non-UTF-8 bytes exactly, as base64', () => {
    const raw = Buffer.from([0xff, 0x00, 0xc3]);
    const letter = deadLetterFor({ kind: 'not_utf8', message: 'x' }, { ...record, value: raw }, 'tagger');
    expect(letter.payload.encoding).toBe('base64');
    expect(Buffer.from(letter.payload.data, 'base64').equals(raw)).toBe(true);
  });

  it('records a missing value', () => {
    expect(
      deadLetterFor({ kind: 'empty', message: 'x' }, { ...record, key: null, value: null }, 't').payload
        .encoding,
    ).toBe('none');
  });
});
