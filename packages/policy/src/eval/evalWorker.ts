/** Child process of evaluate(): runs episodes sent over IPC and returns their results. */
import { generateTask } from '../world/scenario.ts';
import { createSimulator, simCamera } from '../world/simFactory.ts';
import { ClassicalAgent, GroundTruthAgent, PolicyAgent, RandomSearchAgent, type Agent } from './agents.ts';
import { runEpisode } from './episode.ts';
import type { Job, Suite } from './evaluate.ts';

const NAMES: Record<string, string> = { policy: 'policy', 'no-camera': 'ablation: no camera', 'no-lidar': 'ablation: no lidar', 'no-lidar-network': 'ablation: no lidar in the network', 'no-language': 'ablation: no language' };

export async function runJob(job: Job, suite: Suite) {
  const task = generateTask(suite.split, job.index);
  const hfov = simCamera().hfov;
  let agent: Agent;
  if (job.agent === 'ground-truth') agent = new GroundTruthAgent(task);
  else if (job.agent === 'classical') agent = new ClassicalAgent(task, hfov);
  else if (job.agent === 'random') agent = new RandomSearchAgent(task, hfov, task.seed);
  else agent = await PolicyAgent.create(NAMES[job.agent], job.model!, task, {}, { behaviourScan: job.agent !== 'no-lidar' });
  try {
    return await runEpisode(job.index, task, agent, { maxSeconds: suite.maxSeconds, decisionHz: suite.decisionHz }, createSimulator(task, task.seed), hfov);
  } finally {
    await agent.close();
  }
}

if (process.send) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { type: string; job?: Job; suite?: Suite }) => {
    if (m.type === 'stop') process.exit(0);
    if (m.type === 'job')
      runJob(m.job!, m.suite!)
        .then((result) => process.send!({ type: 'result', result }))
        .catch((e: Error) => process.send!({ type: 'error', error: e.stack ?? e.message }));
  });
  process.send({ type: 'ready' });
}
