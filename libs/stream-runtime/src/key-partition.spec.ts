import { partitionOfKey } from './key-partition';

describe('partitionOfKey', () => {
  it('matches the Java client / kafkajs murmur2 partitioner', () => {
    // Kafka's own test vectors for org.apache.kafka.common.utils.Utils.murmur2:
    // murmur2("21") = -973932308, murmur2("foobar") = -790332482; the partition is
    // (hash & 0x7fffffff) % partitions.
    expect(partitionOfKey(Buffer.from('21'), 997)).toBe((-973932308 & 0x7fffffff) % 997);
    expect(partitionOfKey(Buffer.from('foobar'), 997)).toBe((-790332482 & 0x7fffffff) % 997);
  });

  it('is stable and spreads keys over the partitions', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const p = partitionOfKey(Buffer.from(`user:u${i}`), 12);
      expect(p).toBe(partitionOfKey(Buffer.from(`user:u${i}`), 12));
      seen.add(p);
    }
    expect(seen.size).toBe(12);
  });
});
