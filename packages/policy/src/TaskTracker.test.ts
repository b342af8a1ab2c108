import { describe, expect, it } from 'vitest';
import { parseInstruction } from './instruction.ts';
import { TaskTracker } from './TaskTracker.ts';

const view = (o: Partial<Parameters<TaskTracker['update']>[0]> = {}) => ({ mode: 'search-rotate' as const, committed: false, arrived: false, coverage: 0.4, searchSeconds: 12, endReason: undefined, ...o });

describe('TaskTracker: the outcome in plain words and keys', () => {
  it('keeps the task outcome apart from what the navigator reports', () => {
    const t = new TaskTracker();
    t.instruction(parseInstruction('go to the red box by the wall'));
    t.update(view(), undefined);
    expect(t.values()).toMatchObject({ task_state: 'searching', task_target: 'red box', task_relation: 'by a wall', coverage_pct: '40.0' });
    expect(t.message).toBe('searching for the red box by a wall: 40% of the surfaces seen');
    t.update(view({ mode: 'target', committed: true }), { inView: true, confidence: 0.81, pNotInView: 0.1, column: 3, bearing: 0.2, range: 2.5, meanBearing: 0.2 });
    expect(t.message).toBe('approaching the red box by a wall (confidence 0.81)');
    // the navigator reached the goal: that is only the start of the close-up check
    t.update(view({ mode: 'target', committed: true, arrived: true }), undefined);
    expect(t.state).toBe('verifying');
    t.update(view({ mode: 'done', committed: true, arrived: true }), undefined);
    expect(t.state).toBe('arrived');
    expect(t.active).toBe(false);
  });

  it('says why a task ended without arriving', () => {
    const t = new TaskTracker();
    t.instruction(parseInstruction('the farthest red object'));
    t.update(view({ mode: 'not-found', coverage: 0.97, endReason: 'covered' }), undefined);
    expect(t.message).toBe('not found: the reachable space has been searched (97% of the surfaces seen)');
    t.instruction(parseInstruction('find the blue ball'));
    t.update(view({ mode: 'not-found', coverage: 0.5, endReason: 'budget' }), undefined);
    expect(t.message).toBe('not found: the search time budget ran out (50% of the surfaces seen)');
    t.instruction(parseInstruction('fetch me a coffee'));
    expect(t.state).toBe('not_understood');
    expect(t.values().refused_reason).toMatch(/fetch, coffee/);
    t.instruction(parseInstruction('go to the red box'));
    t.override('teleop on cmd_vel_teleop');
    expect(t.message).toBe('teleop on cmd_vel_teleop: the operator has control until the next instruction');
    t.update(view({ mode: 'target', committed: true }), undefined); // a late frame changes nothing
    expect(t.state).toBe('overridden');
  });
});
