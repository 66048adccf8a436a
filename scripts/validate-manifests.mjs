#!/usr/bin/env node
// Validates rendered Kubernetes manifests strictly, offline:
//   helm template rl k8s/helm/riskline -f values.yaml | node scripts/validate-manifests.mjs
// Every document is checked against its API schema by the kubernetes-models packages (core,
// KEDA, Prometheus Operator): types, required fields, enums, formats. Their validators accept
// unknown fields, so core kinds are also round-tripped through @kubernetes/client-node's model
// serializer, which keeps only the fields the API defines: anything it drops is a field the API
// server would reject or silently ignore (a typo such as `readinesProbe`). A kind neither knows
// is an error. Prints one line per problem and exits 1 when there is any.
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';

const require = createRequire(import.meta.url);

/** apiVersion/kind → the kubernetes-models module, and the client-node model name when core. */
const KINDS = {
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'V1ConfigMap'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'V1Secret'],
  'v1/Service': ['kubernetes-models/v1/Service', 'V1Service'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'V1Deployment'],
  'batch/v1/Job': ['kubernetes-models/batch/v1/Job', 'V1Job'],
  'policy/v1/PodDisruptionBudget': [
    'kubernetes-models/policy/v1/PodDisruptionBudget',
    'V1PodDisruptionBudget',
  ],
  'networking.k8s.io/v1/NetworkPolicy': [
    'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    'V1NetworkPolicy',
  ],
  'autoscaling/v2/HorizontalPodAutoscaler': [
    'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    'V2HorizontalPodAutoscaler',
  ],
  'keda.sh/v1alpha1/ScaledObject': ['@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject', null],
  'keda.sh/v1alpha1/TriggerAuthentication': [
    '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication',
    null,
  ],
  'monitoring.coreos.com/v1/ServiceMonitor': [
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
    null,
  ],
};

/** Paths present in `original` but not in `kept`: the fields the API's model does not have. */
function droppedPaths(original, kept, path = '') {
  if (Array.isArray(original))
    return original.flatMap((item, i) =>
      droppedPaths(item, Array.isArray(kept) ? kept[i] : undefined, `${path}[${i}]`),
    );
  if (original === null || typeof original !== 'object') return [];
  if (kept === null || typeof kept !== 'object') return [path || '/'];
  return Object.entries(original).flatMap(([key, value]) =>
    key in kept ? droppedPaths(value, kept[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

export function validateManifests(text) {
  const problems = [];
  const documents = parseAllDocuments(text).filter((d) => d.contents !== null);
  for (const doc of documents) {
    if (doc.errors.length > 0) {
      problems.push(`YAML: ${doc.errors[0].message}`);
      continue;
    }
    const object = doc.toJS();
    const id = `${object.apiVersion}/${object.kind}`;
    const where = `${object.kind} ${object.metadata?.name ?? '?'}`;
    const known = KINDS[id];
    if (!known) {
      problems.push(`${where}: ${id} is not a kind this validator knows`);
      continue;
    }
    const [module, coreModel] = known;
    const Model = Object.values(require(module))[0];
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
    }
    if (coreModel) {
      const kept = ObjectSerializer.serialize(ObjectSerializer.deserialize(object, coreModel), coreModel);
      for (const path of droppedPaths(object, JSON.parse(JSON.stringify(kept))))
        problems.push(`${where}: ${path} is not a field of ${id}`);
    }
  }
  return { documents: documents.length, problems };
}

if (process.argv[1] && process.argv[1].endsWith('validate-manifests.mjs')) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const { documents, problems } = validateManifests(Buffer.concat(chunks).toString('utf8'));
  for (const p of problems) console.log(p);
  console.error(`[validate] ${documents} documents, ${problems.length} problems`);
  process.exit(problems.length > 0 ? 1 : 0);
}
