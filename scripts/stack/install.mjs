// Installs what the local stack needs and is missing: Debian packages (when root) and the Kafka
// broker classpath from Maven Central (Apache's download site is not reachable everywhere).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KAFKA_VERSION, kafkaLibs, kafkaPom } from './paths.mjs';

export function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

let aptUpdated = false;

/** Ensures `command` exists, installing Debian `pkg` if it does not; throws with advice otherwise. */
export function ensureCommand(command, pkg) {
  if (onPath(command)) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(
      `'${command}' is not installed and cannot be installed automatically here; install the '${pkg}' package`,
    );
  }
  console.log(`[stack] installing ${pkg} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
  if (!onPath(command)) throw new Error(`installed ${pkg} but '${command}' is still not on PATH`);
}

const completeMarker = join(kafkaLibs, '.complete');

/** Fetches the broker jars once; later calls return at once. */
export function ensureKafkaJars() {
  if (existsSync(completeMarker)) return kafkaLibs;
  ensureCommand('java', 'openjdk-17-jre-headless');
  ensureCommand('mvn', 'maven');
  console.log(`[stack] fetching Apache Kafka ${KAFKA_VERSION} from Maven Central into ${kafkaLibs} (once)…`);
  const staging = `${kafkaLibs}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      kafkaPom,
      'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      '-DincludeScope=runtime',
      `-Dkafka.version=${KAFKA_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new Error(`maven could not fetch the Kafka jars (exit ${result.status}); see the output above`);
  const jars = readdirSync(staging).filter((f) => f.endsWith('.jar'));
  if (!jars.some((j) => j.startsWith('kafka_2.13-'))) throw new Error(`no kafka_2.13 jar in ${staging}`);
  rmSync(kafkaLibs, { recursive: true, force: true });
  renameSync(staging, kafkaLibs);
  writeFileSync(completeMarker, `${jars.length} jars\n`);
  return kafkaLibs;
}
