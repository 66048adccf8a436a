import {
  DEFAULT_MAPPING_YAML,
  DetectionEngine,
  loadMapping,
  loadRuleText,
  type Rule,
} from '@riskline/detection';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  correlate,
  emptyProfileState,
  identityIdOf,
  observe,
  parseAttributionSettings,
} from '@riskline/attribution';
import { generateObservations, TWO_OPERATOR_ATTACKER } from './observations';
import { generateScenario, SCENARIO_START_MS } from './scenario';

const rulesDir = resolve(__dirname, '../../../rules');

function bundledEngine(): DetectionEngine {
  const rules: Rule[] = [];
  for (const file of readdirSync(rulesDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yml'))
    .sort()) {
    const load = loadRuleText(file, readFileSync(join(rulesDir, file), 'utf8'));
    expect(load.errors).toEqual([]);
    rules.push(...load.rules);
  }
  return new DetectionEngine(rules, loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]).mapping);
}

describe('scenario', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = [...generateScenario({ seed: 7, events: 500 })];
    expect([...generateScenario({ seed: 7, events: 500 })]).toEqual(a);
    expect([...generateScenario({ seed: 8, events: 500 })]).not.toEqual(a);
  });

  it('emits the requested benign events plus both stories, in time order', () => {
    const events = [...generateScenario({ seed: 1, events: 3000 })];
    expect(events).toHaveLength(3000 + 15);
    const times = events.map((e) => Date.parse(e['@timestamp'] as string));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('hides the attack stories among benign noise: the bundled rules find every step', () => {
    const engine = bundledEngine();
    const fired = new Map<string, Set<string>>();
    for (const event of generateScenario({ seed: 3, events: 5000 })) {
      for (const firing of engine.evaluate(event)) {
        const who = String(event['User'] ?? event['src_ip'] ?? event['TargetUserName']);
        fired.set(firing.rule.id, (fired.get(firing.rule.id) ?? new Set()).add(who));
      }
    }
    expect([...fired.keys()].sort()).toEqual([
      'riskline-credential-comsvcs-minidump',
      'riskline-credential-kerberoast',
      'riskline-discovery-domain-admins',
      'riskline-discovery-nltest',
      'riskline-discovery-whoami',
      'riskline-execution-encoded-powershell',
      'riskline-lateral-psexec',
      'riskline-lateral-wmic-node',
      'riskline-native-honeypot-cron-persistence',
      'riskline-native-honeypot-download',
      'riskline-native-honeypot-recon',
      'riskline-native-honeypot-ssh-key',
      'riskline-persistence-schtasks',
    ]);
    expect(fired.get('riskline-lateral-psexec')).toEqual(new Set(['CORP\\svc-backup']));
    expect(fired.get('riskline-native-honeypot-download')).toEqual(new Set(['203.0.113.77']));
    // Admins' whoami is noise on other accounts too.
    expect(fired.get('riskline-discovery-whoami')!.size).toBeGreaterThan(1);
  });
});

describe('attacker observations', () => {
  it('make the two-operator attacker multi-actor on two primitives, and no one else', () => {
    const settings = parseAttributionSettings('');
    const state = emptyProfileState(settings);
    for (const o of generateObservations(SCENARIO_START_MS)) observe(state, settings, o, Date.parse(o.ts));
    const suspicions = correlate(state, settings, SCENARIO_START_MS + 3_600_000);
    expect(suspicions.map((s) => s.identity_id)).toEqual([identityIdOf(TWO_OPERATOR_ATTACKER)]);
    expect(suspicions[0]!.primitives).toEqual(['motor.input_modality', 'motor.keyboard_layout']);
    const states = (attacker: string) =>
      Object.fromEntries([...state.identities.get(attacker)!.primitives].map(([name, p]) => [name, p.state]));
    expect(states('hp-198.51.100.9')).toEqual({
      'motor.input_modality': 'stable',
      'motor.keyboard_layout': 'stable',
      'timing.inter_command_ms': 'stable',
      'tooling.ssh_client_hash': 'stable',
    });
    expect(states('hp-192.0.2.44')).toMatchObject({
      'motor.input_modality': 'drifting',
      'timing.inter_command_ms': 'drifting',
      'tooling.ssh_client_hash': 'drifting',
    });
  });
});
