import { describe, expect, it } from '@jest/globals';
import { keyOf } from '../../../functions/adapters/incident-store.ts';
import { KEYS, timelineItem } from '../../../functions/adapters/table-design.ts';
import { escalationDefinition } from '../../../lib/constructs/escalation-definition.ts';

describe('the table design: one home for every key', () => {
  it('gives the state machine the incident key the store builds, and reads nothing else', () => {
    // Act
    const definition = JSON.stringify(escalationDefinition('t', 'f'));

    // Assess
    expect(keyOf('grpAbcdefgh0001.12')).toEqual({ pk: 'GRP#grpAbcdefgh0001', sk: 'GEN#000000012' });
    expect(definition).toContain('{"pk":{"S.$":"$.plan.key.pk"},"sk":{"S.$":"$.plan.key.sk"}}');
    expect(definition).not.toMatch(/INC#|GRP#|GEN#/);
    expect(KEYS.alert.of('fp1')).toBe('INC#fp1');
  });

  it('keys a timeline entry by its alert or incident and its own key, never by time', () => {
    expect(timelineItem({ incidentId: 'grp1.2', key: 'paged#x-0' })).toMatchObject({
      pk: 'TL#grp1.2',
      sk: 'paged#x-0',
    });
    expect(timelineItem({ alertId: 'fp1.2', key: 'note#r' })).toMatchObject({ pk: 'TL#fp1.2', sk: 'note#r' });
  });

  it('sorts generations in order', () => {
    expect([KEYS.generation(10), KEYS.generation(9)].sort()).toEqual(['GEN#000000009', 'GEN#000000010']);
  });
});
