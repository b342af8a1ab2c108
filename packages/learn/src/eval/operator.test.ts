/**
 * The operator stays in charge, through the stack that ships (sim_node + navigator + safety + policy_node with the
 * shipped model, on sim time): stop and cancel end the task at once, an instruction naming nothing is refused with
 * the reason, a floor click or teleop takes over, goals are sent only when they change, and a search for something
 * that is not there ends in "not found". The task's state is read from policy_node's diagnostics (task_state).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorldFile } from '@navstack/sim';
import { REPO_ROOT } from '../paths.ts';
import { absentTask } from '../world/suites.ts';
import type { Task } from '../world/types.ts';
import { PolicyNodeAgent, runEpisode } from './stackEpisode.ts';

const SHIPPED = fileURLToPath(new URL('../../../../models/policy.onnx', import.meta.url));
const OFFICE = `${REPO_ROOT}/worlds/office.sdf`;
const office = loadWorldFile(OFFICE, { onWarning: () => {} });

function officeTask(instruction: string, start = { x: 0, y: 0, yaw: 0 }): Task {
  const target = office.objects.find((o) => o.name === 'red_box')!;
  return { split: 'heldout', seed: 1, layout: 'handbuilt', worldName: 'office', worldFile: OFFICE, start, target, instruction, phrase: 'red box', objects: office.objects };
}

const policy = (params = {}) => new PolicyNodeAgent('policy', SHIPPED, params);

describe('the operator stays in charge (full stack, office world)', () => {
  it('"stop" ends the task at once: no goal after it, the navigator is cancelled and the robot stands still', async () => {
    const r = await runEpisode(0, officeTask('go to the red box'), policy(), { maxSeconds: 12, decisionHz: 5, events: [{ at: 4, instruction: 'stop' }] });
    expect(r.taskStates[0]).toBe('searching');
    expect(r.taskStates[r.taskStates.length - 1]).toBe('cancelled');
    expect(r.lastStatus.task_message).toMatch(/stopped by the instruction "stop"/);
    expect(r.goalTimes.filter((t) => t > 4.05)).toEqual([]);
    // nothing moves it after the stop: the last metres of the path were driven before it
    const before = r.path.length;
    const again = await runEpisode(0, officeTask('go to the red box'), policy(), { maxSeconds: 20, decisionHz: 5, events: [{ at: 4, instruction: 'stop' }] });
    expect(again.path.length).toBe(before);
  });

  it('goal_cancel (the viewer\'s Cancel) ends the task too', async () => {
    const r = await runEpisode(0, officeTask('go to the red box'), policy(), { maxSeconds: 10, decisionHz: 5, events: [{ at: 3, cancel: true }] });
    expect(r.taskStates[r.taskStates.length - 1]).toBe('cancelled');
    expect(r.goalTimes.filter((t) => t > 3.05)).toEqual([]);
  });

  it('an instruction with no usable words is refused with the reason and starts no search', async () => {
    const r = await runEpisode(0, officeTask('fetch me a coffee'), policy(), { maxSeconds: 5, decisionHz: 5 });
    expect(r.taskStates).toEqual(['not_understood']);
    expect(r.lastStatus.refused_reason).toMatch(/not understood: fetch, coffee/);
    expect(r.lastStatus.unknown_words).toBe('fetch coffee');
    expect(r.goals).toBe(0);
    expect(r.pathLength).toBeLessThan(0.01);
    const orange = await runEpisode(0, officeTask('go to the orange box'), policy(), { maxSeconds: 3, decisionHz: 5 });
    expect(orange.lastStatus.refused_reason).toMatch(/colour 'orange' is not one this model was trained on/);
    expect(orange.goals).toBe(0);
  });

  it('a floor click takes over from the policy until the next instruction', async () => {
    const click = { x: 1.5, y: -3.5, yaw: 0 };
    const r = await runEpisode(0, officeTask('go to the red box'), policy(), { maxSeconds: 30, decisionHz: 5, events: [{ at: 3, goal: click }] });
    expect(r.taskStates).toContain('overridden');
    expect(r.lastStatus.task_message).toMatch(/a goal from someone else/);
    expect(r.goalTimes.filter((t) => t > 3.05)).toEqual([]); // only the click itself, at 3 s
    expect(Math.hypot(r.endPose.x - click.x, r.endPose.y - click.y)).toBeLessThan(0.5); // the navigator drove to the click
    // a new instruction hands control back
    const back = await runEpisode(0, officeTask('go to the red box'), policy(), { maxSeconds: 12, decisionHz: 5, events: [{ at: 3, goal: click }, { at: 6, instruction: 'go to the green box' }] });
    const o = back.taskStates.indexOf('overridden');
    expect(o).toBeGreaterThan(0);
    expect(back.taskStates[o + 1]).toBe('searching'); // the new task
    expect(back.goalTimes.some((t) => t > 6)).toBe(true);
  });

  it('teleop takes over: the policy cancels its goal and sends no more', async () => {
    const r = await runEpisode(0, officeTask('go to the red box'), policy(), { maxSeconds: 10, decisionHz: 5, events: [{ at: 3, teleop: { linear: 0, angular: 0.5 }, duration: 1 }] });
    expect(r.taskStates[r.taskStates.length - 1]).toBe('overridden');
    expect(r.lastStatus.task_message).toMatch(/teleop on cmd_vel_teleop/);
    expect(r.goalTimes.filter((t) => t > 3.05)).toEqual([]);
  });

  it('goals are sent when they change, not on every frame (a 60 s search)', async () => {
    const r = await runEpisode(0, officeTask('go to the yellow box'), policy(), { maxSeconds: 60, decisionHz: 5 }); // no yellow box in the office
    expect(r.frames).toBeGreaterThan(200);
    expect(r.goals).toBeLessThan(r.frames / 8);
    expect(Number(r.lastStatus.goals_suppressed)).toBeGreaterThanOrEqual(0);
  });

  it('a target that is not there ends in "not found" within the operator\'s budget, with the coverage stated', async () => {
    const task = absentTask(0);
    const r = await runEpisode(0, task, policy({ search_budget: 60 }), { maxSeconds: 90, decisionHz: 5 });
    expect(r.mode).toBe('not-found');
    expect(r.success).toBe(true);
    expect(r.simTime).toBeLessThanOrEqual(61);
    expect(r.lastStatus.task_state).toBe('not_found');
    expect(r.lastStatus.task_message).toMatch(/^not found: (the reachable space has been searched|the search time budget ran out) \(\d+% of the surfaces seen\)$/);
    expect(Number(r.lastStatus.coverage_pct)).toBeGreaterThan(50);
  });
});
