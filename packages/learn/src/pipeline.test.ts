/**
 * The real pipeline at small scale: record episodes (MCAP), train briefly (tfjs), export ONNX,
 * load it in onnxruntime-node against its card, drive one episode, and run policy_node in a local graph
 * (goal_pose, diagnostics, unknown words, hot reload that keeps the running model, shadow mode).
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '@navstack/rcl';
import type { diagnostic_msgs, geometry_msgs } from '@navstack/msgs';
import { record } from './data/record.ts';
import { train, type TrainResult } from './train.ts';
import { OnnxPolicy, ModelLoadError, ModelCardError, PolicyNode } from '@navstack/policy';
import { PolicyAgent } from './eval/agents.ts';
import { runEpisode } from './eval/stackEpisode.ts';
import { generateTask } from './world/scenario.ts';
import { createSimulator } from './world/simFactory.ts';
import { odometry } from './data/record.ts';
import { runFullStackEpisode } from './eval/stackEpisode.ts';

let dir: string;
let trained: TrainResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'policy-pipeline-'));
  await record({ out: join(dir, 'data'), episodes: 4, seed: 0, rateHz: 2, maxSeconds: 25 });
  trained = await train({ data: [join(dir, 'data')], out: join(dir, 'model', 'tiny.onnx'), name: 'tiny', epochs: 2, hidden1: 16, hidden2: 8, embed: 8, validationFraction: 0.25, paritySamples: 100, progress: false });
}, 120_000);

describe('pipeline (small scale)', () => {
  it('trains, exports ONNX with a valid card, and tfjs and onnxruntime agree within 1e-4', async () => {
    const c = trained.card;
    expect(c.training.samples.train).toBeGreaterThan(10);
    expect(c.training.worlds.validation).toBeGreaterThan(0);
    const parity = c.metrics.parity as { samples: number; maxAbsDiffProbs: number; maxAbsDiffRange: number };
    expect(parity.samples).toBeGreaterThan(10);
    expect(parity.maxAbsDiffProbs).toBeLessThan(1e-4);
    expect(parity.maxAbsDiffRange).toBeLessThan(1e-4);
    expect(trained.history.length).toBeGreaterThan(0);
    expect(await readFile(join(dir, 'model', 'tiny.curves.svg'), 'utf8')).toContain('<svg');
    // the card carries the lidar object values and the behaviour checks the node will run
    expect(c.preprocess.objectFeatures).toBe(true);
    expect(c.decision).toMatchObject({ verifyFrames: 2, approachRejectFrames: 3 });
  });

  it('fine-tunes from a trained model: its weights and vocabulary are where training starts; other dimensions are refused', async () => {
    const small = { data: [join(dir, 'data')], name: 'tiny', hidden1: 16, hidden2: 8, embed: 8, validationFraction: 0.25, paritySamples: 10, progress: false };
    // a vanishing learning rate leaves the starting weights as they were: the exported model answers as the first one
    const tuned = await train({ ...small, out: join(dir, 'model', 'tuned.onnx'), initFrom: trained.onnxPath, epochs: 1, learningRate: 1e-12 });
    expect(tuned.card.vocabulary).toEqual(trained.card.vocabulary);
    expect(String(tuned.card.training.options.initFrom)).toContain(`tiny.onnx (tiny ${trained.card.version}`);
    const [a, b] = await Promise.all([OnnxPolicy.load(trained.onnxPath), OnnxPolicy.load(tuned.onnxPath)]);
    const d = trained.card.dims;
    const n = 4;
    const columns = Float32Array.from({ length: n * d.cols * d.features }, (_, i) => ((i * 7919) % 1000) / 1000);
    const text = Float32Array.from({ length: n * d.vocab }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const [oa, ob] = [await a.inferBatch(n, columns, text), await b.inferBatch(n, columns, text)];
    for (let i = 0; i < oa.probs.length; i++) expect(Math.abs(oa.probs[i] - ob.probs[i])).toBeLessThan(1e-5);
    await Promise.all([a.release(), b.release()]);
    await expect(train({ ...small, hidden1: 32, out: join(dir, 'model', 'wider.onnx'), initFrom: trained.onnxPath, epochs: 1 })).rejects.toThrow(/initFrom .*tiny\.onnx has dimensions .*"hidden1":16/);
  });

  it('refuses a corrupt model, a mismatched card and a missing card with clear messages', async () => {
    const bad = join(dir, 'model', 'bad.onnx');
    await writeFile(bad, 'not a model');
    await copyFile(trained.cardPath, join(dir, 'model', 'bad.card.json'));
    await expect(OnnxPolicy.load(bad)).rejects.toThrow(ModelLoadError);
    const mism = join(dir, 'model', 'mism.onnx');
    await copyFile(trained.onnxPath, mism);
    const card = JSON.parse(await readFile(trained.cardPath, 'utf8'));
    card.inputs[0].shape = ['N', 32, 999];
    card.onnx.sha256 = '';
    await writeFile(join(dir, 'model', 'mism.card.json'), JSON.stringify(card));
    await expect(OnnxPolicy.load(mism)).rejects.toThrow(/does not match its card.*columns/);
    const nocard = join(dir, 'model', 'nocard.onnx');
    await copyFile(trained.onnxPath, nocard);
    await expect(OnnxPolicy.load(nocard)).rejects.toThrow(ModelCardError);
  });

  it('drives one episode in the simulator with the exported model', async () => {
    const task = generateTask('heldout', 3);
    const agent = await PolicyAgent.create('policy', trained.onnxPath, task);
    const r = await runEpisode(3, task, agent, { maxSeconds: 15, decisionHz: 5 });
    await agent.close();
    expect(r.simTime).toBeGreaterThan(0);
    expect(r.inferMs.length).toBeGreaterThan(10);
    expect(Number.isFinite(r.shortestPath)).toBe(true);
  });

  it('policy_node publishes goals and status, reports unknown words, keeps serving on a bad reload, runs a shadow', async () => {
    const ctx = await init({ backend: 'local' });
    const node = ctx.createNode('policy', { parameterOverrides: { model_path: trained.onnxPath, shadow_model_path: trained.onnxPath } });
    const h = new PolicyNode(node);
    await h.ready;
    const probe = ctx.createNode('probe');
    const goals: geometry_msgs.PoseStamped[] = [];
    const diags: diagnostic_msgs.DiagnosticArray[] = [];
    probe.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, (m) => goals.push(m));
    probe.createSubscription('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics', {}, (m) => diags.push(m));
    const scanPub = probe.createPublisher('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' });
    const imgPub = probe.createPublisher('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' });
    const odomPub = probe.createPublisher('nav_msgs/msg/Odometry', 'odom');
    const instrPub = probe.createPublisher('std_msgs/msg/String', 'instruction');
    const task = generateTask('train', 1);
    const sim = createSimulator(task, 1);
    instrPub.publish({ data: `${task.instruction} pronto xyzzy` });
    const flush = () => new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 12; i++) {
      for (let k = 0; k < 4; k++) sim.step({ linear: 0, angular: 0.8 });
      odomPub.publish(odometry(sim.pose(), { linear: 0, angular: 0.8 }, sim.scan().header.stamp));
      scanPub.publish(sim.scan());
      imgPub.publish(sim.cameraImage());
      await flush();
    }
    const st = h.stats();
    expect(st.frames).toBeGreaterThan(5);
    expect(goals.length).toBeGreaterThan(0);
    expect(goals[0].header.frame_id).toBe('odom');
    const values = (d: diagnostic_msgs.DiagnosticArray) => Object.fromEntries(d.status[0].values.map((v) => [v.key, v.value]));
    const last = diags[diags.length - 1];
    expect(values(last).unknown_words).toBe('pronto xyzzy');
    expect(Number(values(last).latency_ms_median)).toBeGreaterThan(0);
    expect(last.status.some((s) => s.name.endsWith('shadow'))).toBe(true);
    expect(st.shadowFrames).toBeGreaterThan(0);
    expect(st.shadowDisagreements).toBe(0); // same model in shadow
    // A bad model is refused and the running one keeps serving.
    const bad = join(dir, 'model', 'bad.onnx');
    const err = await h.reload(bad);
    expect(err).toMatch(/onnxruntime refused|does not match/);
    expect(h.stats().model).toBe(trained.onnxPath);
    const before = h.stats().frames;
    for (let k = 0; k < 4; k++) sim.step({ linear: 0, angular: 0.8 });
    scanPub.publish(sim.scan());
    imgPub.publish(sim.cameraImage());
    await flush();
    expect(h.stats().frames).toBe(before + 1);
    await h.stop();
    await ctx.shutdown();
  });

  it('drives one episode through the whole local graph: sim_node + navigator + policy_node', async () => {
    const r = await runFullStackEpisode(generateTask('heldout', 0), trained.onnxPath, 20);
    expect(r.policyFrames).toBeGreaterThan(20);
    expect(r.goals).toBeGreaterThan(0);
    expect(r.navCommands).toBeGreaterThan(0);
    expect(r.simTime).toBeGreaterThan(1);
  });
});
