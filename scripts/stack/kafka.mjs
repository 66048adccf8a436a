// A single-node KRaft Kafka broker for local use and CI: formatted once, started detached.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafkaJars } from './install.mjs';
import { stateDir } from './paths.mjs';
import { logFile, runningPid, startDetached } from './processes.mjs';
import { spawnSync } from 'node:child_process';

export const KAFKA = { name: 'kafka', marker: 'kafka.Kafka' };

export function kafkaPorts() {
  const broker = Number(process.env.RISKLINE_KAFKA_PORT ?? 9092);
  const controller = Number(process.env.RISKLINE_KAFKA_CONTROLLER_PORT ?? broker + 1);
  return { broker, controller };
}

/**
 * With `secured` ({ port, keystore, user, password }), a SASL_SSL listener beside the plaintext
 * one: TLS from a PEM keystore (key + chain), SASL PLAIN and SCRAM-SHA-256/512 for `user`.
 */
function securedListener(secured) {
  if (!secured) return { listeners: '', map: '', extra: '' };
  const { port, keystore, user, password } = secured;
  return {
    listeners: `,SASL_SSL://127.0.0.1:${port}`,
    map: ',SASL_SSL:SASL_SSL',
    extra: `sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=${keystore}
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${user}="${password}";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
`,
  };
}

function serverProperties(dataDir, { broker, controller }, secured) {
  const tls = securedListener(secured);
  return `# Written by scripts/stack: single-node KRaft broker for development and CI.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller}
listeners=PLAINTEXT://127.0.0.1:${broker},CONTROLLER://127.0.0.1:${controller}${tls.listeners}
advertised.listeners=PLAINTEXT://127.0.0.1:${broker}${tls.listeners}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${tls.map}
${tls.extra}
log.dirs=${dataDir}
num.partitions=12
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# Dead letters carry the refused payload (up to 1 MiB) plus its envelope.
message.max.bytes=4194304
log.retention.hours=168
log.segment.bytes=134217728
# RISKLINE_KAFKA_PROPERTIES: settings of a test's private broker (e.g. group.max.size).
${process.env.RISKLINE_KAFKA_PROPERTIES ?? ''}
`;
}

const LOG4J = `log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
`;

/**
 * A Kafka cluster id: 16 random bytes, base64url. Like Kafka's own Uuid, never starting with
 * '-', which the storage tool's argument parser would take for an option.
 */
function newClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Prepares config and storage (idempotent) and starts the broker; returns its pid. */
export function startKafka(secured) {
  const libs = ensureKafkaJars();
  const home = join(stateDir, 'kafka');
  const dataDir = join(home, 'data');
  mkdirSync(dataDir, { recursive: true });
  const props = join(home, 'server.properties');
  writeFileSync(props, serverProperties(dataDir, kafkaPorts(), secured));
  writeFileSync(join(home, 'log4j.properties'), LOG4J);
  const clusterIdFile = join(home, 'cluster.id');
  if (!existsSync(clusterIdFile) || readFileSync(clusterIdFile, 'utf8').startsWith('-'))
    writeFileSync(clusterIdFile, newClusterId());
  const clusterId = readFileSync(clusterIdFile, 'utf8').trim();
  const classpath = `${libs}/*`;
  const jvm = [
    `-Dlog4j.configuration=file:${join(home, 'log4j.properties')}`,
    '-Xms256m',
    '-Xmx1g',
    '-XX:+UseG1GC',
  ];
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    const format = spawnSync(
      'java',
      [
        ...jvm,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        `--cluster-id=${clusterId}`,
        '-c',
        props,
        '--ignore-formatted',
        // SCRAM credentials live in the cluster metadata; KRaft takes them at format time.
        ...(secured
          ? ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
              '--add-scram',
              `${m}=[name=${secured.user},password=${secured.password}]`,
            ])
          : []),
      ],
      { encoding: 'utf8' },
    );
    if (format.status !== 0)
      throw new Error(`formatting Kafka storage failed: ${format.stderr || format.stdout}`);
  }
  return startDetached(KAFKA.name, 'java', [...jvm, '-cp', classpath, 'kafka.Kafka', props]);
}

export const kafkaRunning = () => runningPid(KAFKA.name, KAFKA.marker);
export const kafkaLog = () => logFile(KAFKA.name);
