/**
 * The published JSON Schema of the contracts: current with the classes, valid draft-07 for ajv
 * in strict mode, accepting every valid message of the decoding corpus and refusing the ones a
 * required field is missing from, as the consumers do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { messageCorpus, messageSchemas } from '../decoding/message-corpus';
import { contractSchemas } from './contract-schemas';

const published = JSON.parse(
  readFileSync(join(__dirname, '../../schemas/riskline-contracts.schema.json'), 'utf8'),
) as ReturnType<typeof contractSchemas>;
const corpus = messageCorpus();
const schemas = messageSchemas();

const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
ajv.addVocabulary(['x-topics']);
ajv.addSchema(published);
const validatorOf = (definition: string) => ajv.getSchema(`${published.$id}#/definitions/${definition}`)!;
const definitionOf = (schema: string, value: Record<string, unknown>) =>
  (schemas.get(schema)!.classFor(value) as { name: string }).name;

describe('the published contract schemas', () => {
  it('are what the classes derive (regenerate: npx riskline schemas > libs/contracts/schemas/riskline-contracts.schema.json)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(contractSchemas())));
  });

  it('name a definition for every message each topic carries', () => {
    for (const { messages } of Object.values(published['x-topics']))
      for (const name of messages) expect(Object.keys(published.definitions)).toContain(name);
  });

  it('accept every valid message of the corpus', () => {
    const refused: string[] = [];
    for (const { schema, value } of corpus) {
      const validate = validatorOf(definitionOf(schema, value));
      if (!validate(value)) refused.push(`${schema}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(refused).toEqual([]);
  });

  it('refuse a message without a required field, or with a field of the wrong type', () => {
    let refusals = 0;
    for (const { schema, value } of corpus) {
      const name = definitionOf(schema, value);
      const validate = validatorOf(name);
      const required = (published.definitions[name] as { required?: string[] }).required ?? [];
      for (const field of required) {
        const { [field]: _gone, ...without } = value;
        expect(validate(without)).toBe(false);
        refusals++;
      }
      expect(validate({ ...value, schema_version: 'one' })).toBe(false);
    }
    expect(refusals).toBeGreaterThan(100);
  });
});
