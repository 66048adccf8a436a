import { dlqTopic, topicEnvVar, topicNames, topicPlan } from './topics';

describe('topic catalogue', () => {
  it('uses the design defaults', () => {
    const names = topicNames();
    expect(names.riskContributions).toBe('soc.risk.contributions');
    expect(names.ruleState).toBe('soc.rule-state');
  });

  it('takes overrides from the environment and names a bad one', () => {
    expect(topicEnvVar('riskContributions')).toBe('RISKLINE_TOPIC_RISK_CONTRIBUTIONS');
    expect(topicNames({ RISKLINE_TOPIC_EVENTS: 'acme.events' }).events).toBe('acme.events');
    expect(() => topicNames({ RISKLINE_TOPIC_EVENTS: 'bad name' })).toThrow(/RISKLINE_TOPIC_EVENTS/);
  });

  it('plans compaction, partitions and a DLQ for every consumed topic', () => {
    const plan = topicPlan(topicNames(), 6);
    const byName = new Map(plan.map((t) => [t.name, t]));
    expect(byName.get('soc.rule-state')?.cleanupPolicy).toBe('compact');
    expect(byName.get('soc.rule-scorecards')?.cleanupPolicy).toBe('compact');
    expect(byName.get('soc.risk.contributions')?.partitions).toBe(6);
    expect(byName.get('soc.rule-state')?.partitions).toBe(1);
    for (const consumed of [
      'soc.events',
      'soc.risk.contributions',
      'soc.risk.incidents',
      'soc.dispositions',
      'soc.dispositions.by-rule',
      'soc.attacker.observations',
      'soc.rule-state',
    ]) {
      expect(byName.get(dlqTopic(consumed))?.isDlq).toBe(true);
    }
    expect(byName.has('soc.detections.dlq')).toBe(false);
  });
});
