/**
 * Creates the topics of a plan that do not exist, with their partition count and cleanup
 * policy. Idempotent. Invariant: an existing topic's partition count is never changed — adding
 * partitions remaps keys and would split partition-owned state — so a mismatch is reported.
 */
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { TopicPlan } from '@riskline/contracts';

export interface TopicReport {
  readonly created: string[];
  readonly existing: string[];
  readonly mismatches: string[];
}

/** Dead letters carry a refused payload plus its envelope. */
const DLQ_MAX_MESSAGE_BYTES = String(4 * 1024 * 1024);

/**
 * A broker that has just started answers a new topic's leader wait with the retriable
 * UNKNOWN_TOPIC_OR_PARTITION for a moment; createTopics is idempotent, so it is asked again.
 */
async function retryingWhileStarting<T>(step: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (error) {
      if (i >= attempts || (error as { retriable?: boolean }).retriable !== true) throw error;
      await new Promise((r) => setTimeout(r, 500 * i));
    }
  }
}

export async function ensureTopics(admin: Admin, plan: readonly TopicPlan[]): Promise<TopicReport> {
  const existingNames = new Set(await admin.listTopics());
  const missing = plan.filter((t) => !existingNames.has(t.name));
  const present = plan.filter((t) => existingNames.has(t.name));
  if (missing.length > 0) {
    await retryingWhileStarting(() =>
      admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: -1,
          configEntries: [
            { name: 'cleanup.policy', value: t.cleanupPolicy },
            ...(t.isDlq ? [{ name: 'max.message.bytes', value: DLQ_MAX_MESSAGE_BYTES }] : []),
            ...(t.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(t.retentionMs) }]),
          ],
        })),
      }),
    );
    // createTopics' leader wait is answered by the controller; a just-started broker may still
    // refuse the new topics' metadata to the next client, so wait until it serves them with leaders.
    await retryingWhileStarting(async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: missing.map((t) => t.name) });
      const leaderless = topics.filter((t) => t.partitions.some((p) => p.leader < 0));
      if (leaderless.length > 0) {
        throw Object.assign(new Error(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`), {
          retriable: true,
        });
      }
    });
  }
  const mismatches: string[] = [];
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((t) => ({
        type: ConfigResourceTypes.TOPIC,
        name: t.name,
        configNames: ['cleanup.policy'],
      })),
    });
    for (const t of present) {
      const partitions = metadata.topics.find((m) => m.name === t.name)?.partitions.length ?? 0;
      if (partitions !== t.partitions) {
        mismatches.push(
          `${t.name}: has ${partitions} partitions, plan says ${t.partitions} (left as is: changing it remaps keys)`,
        );
      }
      const policy = configs.resources
        .find((r) => r.resourceName === t.name)
        ?.configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue;
      if (policy !== t.cleanupPolicy) {
        mismatches.push(`${t.name}: cleanup.policy is ${policy}, plan says ${t.cleanupPolicy}`);
      }
    }
  }
  return { created: missing.map((t) => t.name), existing: present.map((t) => t.name), mismatches };
}
