import { describe, expect, it } from '@jest/globals';
import { escalationDefinition } from '../../../lib/constructs/escalation-definition.ts';
import { KEYS, timelineItem } from '../../../functions/adapters/table-design.ts';

describe('the table design: one home for every key', () => {
  it('formats the incident key in the state machine exactly as the store builds it', () => {
    // Act
    const definition = JSON.stringify(escalationDefinition('t', 'f'));

    // Assess
    expect(KEYS.incident.of('fp1')).toBe('INC#fp1');
    expect(KEYS.incident.statesFormat('$.plan.fingerprint')).toBe("States.Format('INC#{}', $.plan.fingerprint)");
    expect(definition).toContain(JSON.stringify(KEYS.incident.statesFormat('$.plan.fingerprint')));
    expect(definition).toContain(`{"S":"${KEYS.current}"}`);
  });

  it('keys a timeline entry by its incident and its own key, never by time', () => {
    expect(timelineItem({ incidentId: 'fp1.2', key: 'paged#x-0' })).toMatchObject({ pk: 'TL#fp1.2', sk: 'paged#x-0' });
  });

  it('sorts earlier generations in order', () => {
    expect([KEYS.generation(10), KEYS.generation(9)].sort()).toEqual(['GEN#000000009', 'GEN#000000010']);
  });
});
