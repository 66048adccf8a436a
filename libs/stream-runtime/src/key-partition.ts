/**
 * The partition a key belongs to under the project's partitioner: kafkajs' default, which is
 * murmur2 over the key bytes modulo the partition count — the Java client's default too. A
 * librdkafka producer (kcat, Vector, Fluent Bit, confluent-kafka-*) defaults to CRC32 and puts
 * the same key elsewhere unless configured with `partitioner=murmur2_random`; consumers that
 * own per-key state re-route such records (see `partitionedByKey`).
 */
import { Partitioners } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();
const metadataFor = new Map<number, { partitionId: number; leader: number }[]>();

function metadata(count: number): { partitionId: number; leader: number }[] {
  let list = metadataFor.get(count);
  if (!list) {
    list = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0 }));
    metadataFor.set(count, list);
  }
  return list;
}

export function partitionOfKey(key: Buffer, partitionCount: number): number {
  return partitioner({
    topic: '',
    partitionMetadata: metadata(partitionCount) as never,
    message: { key, value: null },
  });
}
