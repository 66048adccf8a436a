/**
 * The topics as an AsyncAPI 3.0 document, derived from the topic catalogue and the contract
 * classes (through contractSchemas) — one channel per topic with its key, cleanup policy, DLQ,
 * writers and readers; one message per contract; a receive operation per reading application
 * and a send operation per writing one. Published as
 * `libs/contracts/schemas/riskline.asyncapi.json` (`riskline schemas --asyncapi`; a test fails
 * when it is stale).
 */
import { TOPIC_SPECS } from '../topics';
import { contractSchemas, TOPIC_MESSAGES } from './contract-schemas';

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Refs of the draft-07 document (`#/definitions/X`) as AsyncAPI components (`#/components/schemas/X`). */
function asComponents(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"#/components/schemas/'));
}

export function contractAsyncApi(): Record<string, unknown> {
  const { definitions } = contractSchemas();
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const spec of TOPIC_SPECS) {
    const names = TOPIC_MESSAGES[spec.id].map((c) => c.name);
    for (const name of names)
      messages[name] = {
        name,
        contentType: 'application/json',
        payload: { $ref: `#/components/schemas/${name}` },
      };
    const channelMessages =
      names.length > 0
        ? Object.fromEntries(names.map((n) => [n, { $ref: `#/components/messages/${n}` }]))
        : { RawEvent: { $ref: '#/components/messages/RawEvent' } };
    channels[spec.id] = {
      address: spec.defaultName,
      title: spec.defaultName,
      description:
        `Key: ${spec.key}. Cleanup: ${spec.cleanupPolicy}.` +
        (spec.hasDlq ? ` Refused records go to ${spec.defaultName}.dlq as DeadLetter.` : '') +
        ` Name configurable as RISKLINE_TOPIC_${spec.id.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}.`,
      messages: channelMessages,
      bindings: {
        kafka: {
          topic: spec.defaultName,
          ...(spec.partitions !== null ? { partitions: spec.partitions } : {}),
          topicConfiguration: {
            'cleanup.policy': [spec.cleanupPolicy],
            ...(spec.retentionMs !== undefined ? { 'retention.ms': spec.retentionMs } : {}),
          },
        },
      },
    };
    const refs = Object.keys(channelMessages).map((n) => ({ $ref: `#/channels/${spec.id}/messages/${n}` }));
    for (const [action, who] of [
      ['send', spec.writers],
      ['receive', spec.readers],
    ] as const)
      for (const app of who)
        operations[`${slug(app)}-${action}-${spec.id}`] = {
          action,
          title: `${app} ${action === 'send' ? 'writes' : 'reads'} ${spec.defaultName}`,
          channel: { $ref: `#/channels/${spec.id}` },
          messages: refs,
        };
  }
  messages['RawEvent'] = {
    name: 'RawEvent',
    contentType: 'application/json',
    summary: 'A producer-defined JSON event (flat, evtx_dump, ECS or Splunk HEC shape)',
    payload: { type: 'object' },
  };
  messages['DeadLetter'] = {
    name: 'DeadLetter',
    contentType: 'application/json',
    payload: { $ref: '#/components/schemas/DeadLetter' },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Riskline topics',
      version: '1.0.0',
      description:
        'Streaming risk-based alerting: every topic Riskline reads or writes, keyed for partition-owned state. Messages are JSON with an explicit schema_version.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: asComponents(definitions) },
  };
}
