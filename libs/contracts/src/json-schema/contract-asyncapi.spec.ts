/**
 * The published AsyncAPI document: current with the catalogue and classes, every reference
 * resolving inside it, every topic a channel with its operations, and its message payloads the
 * same schemas that accept the decoding corpus.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { TOPIC_SPECS } from '../topics';
import { messageCorpus, messageSchemas } from '../decoding/message-corpus';
import { contractAsyncApi } from './contract-asyncapi';

type Doc = {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>;
  components: { messages: Record<string, { payload: unknown }>; schemas: Record<string, unknown> };
};

const published = JSON.parse(
  readFileSync(join(__dirname, '../../schemas/riskline.asyncapi.json'), 'utf8'),
) as Doc;

function resolve(doc: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/')],
      doc,
    );
}

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  return out;
}

describe('the published AsyncAPI document', () => {
  it('is what the catalogue and classes derive (regenerate: npx riskline schemas --asyncapi > libs/contracts/schemas/riskline.asyncapi.json)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(contractAsyncApi())));
    expect(published.asyncapi).toBe('3.0.0');
  });

  it('resolves every reference inside itself', () => {
    const unresolved = refsIn(published).filter((ref) => resolve(published, ref) === undefined);
    expect(unresolved).toEqual([]);
  });

  it('has a channel per topic, each read and written by someone', () => {
    expect(
      Object.values(published.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(TOPIC_SPECS.map((t) => t.defaultName).sort());
    for (const id of Object.keys(published.channels)) {
      const ops = Object.values(published.operations).filter((o) => o.channel.$ref === `#/channels/${id}`);
      expect({ id, actions: [...new Set(ops.map((o) => o.action))].sort() }).toEqual({
        id,
        actions: ['receive', 'send'],
      });
    }
  });

  it("validates the corpus's messages with its own payload schemas", () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'asyncapi', components: published.components });
    const schemas = messageSchemas();
    const refused: string[] = [];
    for (const { schema, value } of messageCorpus()) {
      const name = (schemas.get(schema)!.classFor(value) as { name: string }).name;
      expect(published.components.messages).toHaveProperty(name);
      const validate = ajv.getSchema(`asyncapi#/components/schemas/${name}`)!;
      if (!validate(value)) refused.push(`${name}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(refused).toEqual([]);
  });
});
