import { deterministicId, uuidv5 } from './deterministic-id';

describe('uuidv5', () => {
  it('matches the RFC 4122 / Python uuid.uuid5 reference value', () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org'))"
    expect(uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('is stable, versioned 5 and variant RFC 4122', () => {
    const id = deterministicId('detection', 'soc.events', 3, '42', 'rule-1', 2);
    expect(id).toBe(deterministicId('detection', 'soc.events', 3, '42', 'rule-1', 2));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('never confuses part boundaries or kinds', () => {
    expect(deterministicId('k', 'a|b', 'c')).not.toBe(deterministicId('k', 'a', 'b|c'));
    expect(deterministicId('k', 'a\\', '|c')).not.toBe(deterministicId('k', 'a\\|', 'c'));
    expect(deterministicId('incident', 'x')).not.toBe(deterministicId('detection', 'x'));
  });
});
