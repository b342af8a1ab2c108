import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../world/scenario.ts';
import { GroundTruthAgent, PolicyAgent } from './agents.ts';
import { PolicyNodeAgent, runEpisode, SUCCESS_DISTANCE } from './stackEpisode.ts';

const SHIPPED = fileURLToPath(new URL('../../../../models/policy.onnx', import.meta.url));

describe('an evaluation episode through sim_node, the navigator and the safety node', () => {
  it('an agent in an AgentNode is wired as policy_node is: the same model drives the same episode either way', async () => {
    const task = generateTask('heldout', 188);
    const viaNode = await runEpisode(188, task, new PolicyNodeAgent('policy', SHIPPED), { maxSeconds: 30, decisionHz: 5 });
    const agent = await PolicyAgent.create('policy', SHIPPED, task);
    const viaAgent = await runEpisode(188, task, agent, { maxSeconds: 30, decisionHz: 5 });
    await agent.close();
    expect(viaNode.success).toBe(true);
    expect(viaAgent.endPose).toEqual(viaNode.endPose);
    expect(viaAgent.simTime).toBe(viaNode.simTime);
    expect([viaAgent.frames, viaAgent.goals, viaAgent.navCommands]).toEqual([viaNode.frames, viaNode.goals, viaNode.navCommands]);
    expect(viaAgent.inferMs).toHaveLength(viaNode.inferMs.length);
  });

  it('the ground-truth goal: the navigator reports arrival, the robot stops near the object, SPL against the reference path', async () => {
    const task = generateTask('heldout', 3);
    const r = await runEpisode(3, task, new GroundTruthAgent(task), { maxSeconds: 60 });
    expect(r.mode).toBe('done');
    expect(r.success).toBe(true);
    expect(r.endDistance).toBeLessThanOrEqual(SUCCESS_DISTANCE);
    expect(r.collisions).toBe(0);
    expect(r.goals).toBe(1);
    expect(r.shortestPath).toBeGreaterThan(0);
    expect(r.pathLength).toBeGreaterThanOrEqual(r.shortestPath * 0.95);
    expect(r.spl).toBeGreaterThan(0.5);
    expect(r.spl).toBeLessThanOrEqual(1);
    expect(r.navCommands).toBeGreaterThan(10);
  });

  it('ends at the timeout when the agent never says done', async () => {
    const task = generateTask('heldout', 3);
    const r = await runEpisode(3, task, new GroundTruthAgent(task), { maxSeconds: 1 });
    expect(r.simTime).toBeCloseTo(1, 5);
    expect(r.success).toBe(false);
    expect(r.reason).toBe('timeout');
    expect(r.timeToGoal).toBeNull();
  });
});
