/**
 * Which instance owns a key: the key's partition (kafkajs' default, Java-compatible murmur2
 * partitioner — the one producers use) and the owner its latest claim recorded. Lets any
 * instance answer for any entity by forwarding to the owner. A forwarded request is never
 * forwarded again, so a stale owner record cannot loop.
 */
import { HttpException, NotFoundException } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { partitionOfKey, type StreamRunner } from '@riskline/stream-runtime';

export const FORWARDED_HEADER = 'x-riskline-forwarded';

export class PartitionRouter {
  private partitionCount: number | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly runner: () => StreamRunner<unknown, unknown> | undefined,
  ) {}

  async partitionOf(key: string): Promise<number> {
    const runner = this.runner();
    if (!runner) throw new NotFoundException('the stream processor is not running on this instance');
    if (this.partitionCount === null) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        this.partitionCount =
          (await admin.fetchTopicMetadata({ topics: [runner.topic] })).topics[0]?.partitions.length ?? 0;
      } finally {
        await admin.disconnect();
      }
    }
    return partitionOfKey(Buffer.from(key), this.partitionCount);
  }

  /**
   * Forwards a GET for `key` to its owner and returns the owner's answer; 404 when no instance
   * owns it or the request was already forwarded once.
   */
  async forward(key: string, path: string, headers: Record<string, string | undefined>): Promise<unknown> {
    const partition = await this.partitionOf(key);
    const owner = await this.runner()!.ownerOf(partition);
    if (headers[FORWARDED_HEADER] || !owner) {
      throw new NotFoundException({
        statusCode: 404,
        message: `${key} is not open on partition ${partition}`,
        partition,
      });
    }
    const response = await fetch(`${owner}${path}`, {
      headers: { authorization: headers['authorization'] ?? '', [FORWARDED_HEADER]: '1' },
      signal: AbortSignal.timeout(5000),
    }).catch((error: Error) => {
      throw new HttpException(
        {
          statusCode: 502,
          message: `owner of partition ${partition} at ${owner} did not answer: ${error.message}`,
        },
        502,
      );
    });
    const body = (await response.json()) as unknown;
    if (!response.ok) throw new HttpException(body as object, response.status);
    return body;
  }
}
