import { attackMatrix } from './attack-matrix';

describe('attackMatrix', () => {
  it('places each technique under the tactics tagged beside it, counting rules and detections', () => {
    const matrix = attackMatrix(
      [
        { id: 'whoami', tactics: ['discovery'], techniques: ['T1033'] },
        { id: 'whoami-2', tactics: ['discovery'], techniques: ['T1033', 'T1033'] },
        { id: 'psexec', tactics: ['lateral-movement', 'execution'], techniques: ['T1021.002', 'T1569.002'] },
        { id: 'odd', tactics: ['not-a-tactic'], techniques: ['T9999', 'bogus'] },
      ],
      [
        { rule_id: 'whoami', tactics: ['discovery'], techniques: ['T1033'] },
        { rule_id: 'whoami', tactics: ['discovery'], techniques: ['T1033'] },
        { rule_id: 'x', tactics: ['persistence'], techniques: ['T1543.003'] },
      ],
    );
    const column = (tactic: string) => matrix.tactics.find((t) => t.tactic === tactic)!.cells;
    expect(matrix.tactics.map((t) => t.tactic)[0]).toBe('reconnaissance');
    expect(matrix.tactics).toHaveLength(14);
    expect(column('discovery')).toEqual([{ technique: 'T1033', rules: 2, detections: 2 }]);
    expect(column('execution').map((c) => c.technique)).toEqual(['T1021.002', 'T1569.002']);
    expect(column('lateral-movement')).toEqual(column('execution'));
    expect(column('persistence')).toEqual([{ technique: 'T1543.003', rules: 0, detections: 1 }]);
    expect(matrix.unplaced).toEqual([{ technique: 'T9999', rules: 1, detections: 0 }]);
    expect(matrix.maxRules).toBe(2);
    expect(matrix.maxDetections).toBe(2);
  });

  it('is empty but complete with nothing to show', () => {
    const matrix = attackMatrix([], []);
    expect(matrix.tactics.every((t) => t.cells.length === 0)).toBe(true);
    expect(matrix.maxRules).toBe(0);
  });
});
