import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runFullStackEpisode } from './stackEpisode.ts';
import { generateTask } from '../world/scenario.ts';

const SHIPPED = fileURLToPath(new URL('../../../../models/policy.onnx', import.meta.url));

describe('the shipped policy through the whole local graph', () => {
  it('sim_node + navigator + policy_node: the navigator reports arrival on goal_status, the policy confirms the named object and says done', async () => {
    const task = generateTask('heldout', 188); // "your goal is the small red cube", clutter layout
    const r = await runFullStackEpisode(task, SHIPPED, 40);
    expect(r.mode).toBe('done');
    expect(r.success).toBe(true);
    expect(r.endDistance).toBeLessThanOrEqual(1.0);
    expect(r.collisions).toBe(0);
    expect(r.spl).toBeGreaterThan(0.5);
    expect(r.simTime).toBeLessThan(40);
  });
});
