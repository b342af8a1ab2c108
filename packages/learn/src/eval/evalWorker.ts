/** Child process of evaluate(): runs episodes sent over IPC and returns their results. */
import { setLogLevel } from '@navstack/rcl';
import { taskFor } from '../world/suites.ts';
import { simCamera } from '../world/simFactory.ts';
import { ClassicalAgent, GroundTruthAgent, PolicyAgent, RandomSearchAgent } from './agents.ts';
import type { Job, Suite } from './evaluate.ts';
import { PolicyNodeAgent, runEpisode, type EpisodeAgent } from './stackEpisode.ts';

const NAMES: Record<string, string> = { policy: 'policy', 'no-camera': 'ablation: no camera', 'no-lidar': 'ablation: no lidar', 'no-lidar-network': 'ablation: no lidar in the network', 'no-language': 'ablation: no language', 'no-relations': 'ablation: relational words removed' };

/**
 * The policy and the ablations whose only change is the model run in policy_node; the whole-policy lidar
 * ablation (a behaviour without the scan, which policy_node has no setting for), the oracle and the baselines
 * run in an AgentNode wired the same way.
 */
export async function runJob(job: Job, suite: Suite) {
  const task = taskFor(suite, job.index);
  const hfov = simCamera().hfov;
  let agent: EpisodeAgent;
  if (job.agent === 'ground-truth') agent = new GroundTruthAgent(task);
  else if (job.agent === 'classical') agent = new ClassicalAgent(task, hfov);
  else if (job.agent === 'random') agent = new RandomSearchAgent(task, hfov, task.seed);
  else if (job.agent === 'no-lidar') agent = await PolicyAgent.create(NAMES[job.agent], job.model!, task, {}, { behaviourScan: false });
  else agent = new PolicyNodeAgent(NAMES[job.agent], job.model!, { ...suite.policyParams, ...(job.agent === 'no-relations' ? { relations: false } : {}) });
  try {
    return await runEpisode(job.index, task, agent, { maxSeconds: suite.maxSeconds, decisionHz: suite.decisionHz, sensorShift: suite.sensorShift });
  } finally {
    if (!(agent instanceof PolicyNodeAgent)) await agent.close();
  }
}

if (process.send) {
  // the nodes' per-goal lines and the policy's unknown-word warnings (held-out sentence forms), times every episode, would bury the progress bar
  setLogLevel('error');
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
