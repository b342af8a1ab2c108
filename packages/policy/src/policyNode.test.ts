import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalContext, type Node } from '@navstack/rcl';
import { defaultMessage, type diagnostic_msgs } from '@navstack/msgs';
import { DEFAULT_MODEL_PATH, policyNodeExecutable, PolicyNode } from './policyNode.ts';

describe('policy_node at start', () => {
  let ctx: LocalContext;
  afterEach(async () => ctx?.shutdown());

  const corruptModel = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'navstack-policy-'));
    const path = join(dir, 'policy.onnx');
    await writeFile(path, Buffer.from('not an onnx model'));
    await copyFile(DEFAULT_MODEL_PATH.replace(/\.onnx$/, '.card.json'), join(dir, 'policy.card.json'));
    return path;
  };

  it('fails to start, with the reason, when its model cannot be loaded (a launch then exits non-zero)', async () => {
    ctx = new LocalContext();
    const node = ctx.createNode('policy', { parameterOverrides: { model_path: await corruptModel() } });
    await expect(Promise.resolve(policyNodeExecutable.start(node))).rejects.toThrow(/^policy_node: .*policy\.onnx.*\(set require_model:=false to start without a model\)$/s);
  });

  it('starts without a model when the operator asks (require_model:=false), waiting for one', async () => {
    ctx = new LocalContext();
    const node = ctx.createNode('policy', { parameterOverrides: { model_path: await corruptModel(), require_model: false } });
    const running = await policyNodeExecutable.start(node);
    node.setParameter('model_path', DEFAULT_MODEL_PATH);
    const model = () => (running as unknown as { stats(): { model: string } }).stats().model;
    await expect.poll(model).toBe(DEFAULT_MODEL_PATH);
    // A refused model keeps the serving one and puts model_path back to it.
    node.setParameter('model_path', await corruptModel());
    await expect.poll(() => node.getParameter('model_path')).toBe(DEFAULT_MODEL_PATH);
    expect(model()).toBe(DEFAULT_MODEL_PATH);
    await running.stop();
  });
});

/** A camera + lidar source on the probe node: publishes a scan and an image stamped `sec` (range_max 0: a broken lidar). */
function sensorSource(probe: Node) {
  const scanPub = probe.createPublisher('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' });
  const imagePub = probe.createPublisher('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' });
  return (sec: number, rangeMax = 12) => {
    const stamp = { sec, nanosec: 0 };
    scanPub.publish({ ...defaultMessage('sensor_msgs/msg/LaserScan'), header: { stamp, frame_id: 'laser' }, angle_min: -Math.PI, angle_increment: (2 * Math.PI) / 360, range_min: 0.1, range_max: rangeMax, ranges: new Float32Array(360).fill(2) });
    imagePub.publish({ ...defaultMessage('sensor_msgs/msg/Image'), header: { stamp, frame_id: 'camera' }, width: 64, height: 48, encoding: 'rgb8', step: 192, data: new Uint8Array(64 * 48 * 3).fill(120) });
  };
}

describe('policy_node and live sensors', () => {
  it('warns on diagnostics (level WARN, sensor_warnings) when a scan or image is outside what the model was trained for', async () => {
    const ctx = new LocalContext();
    try {
      const h = new PolicyNode(ctx.createNode('policy'));
      await h.ready;
      const probe = ctx.createNode('probe');
      const status: diagnostic_msgs.DiagnosticStatus[] = [];
      probe.createSubscription('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics', {}, (m) => status.push(...m.status));
      const frame = sensorSource(probe);
      probe.createPublisher('std_msgs/msg/String', 'instruction').publish({ data: 'go to the red box' });
      frame(1, 0);
      await expect.poll(() => status.find((s) => s.values.some((v) => v.key === 'sensor_warnings' && v.value.includes('range_max is 0')))).toBeTruthy();
      const s = status.find((x) => x.values.some((v) => v.key === 'sensor_warnings' && v.value.includes('range_max is 0')))!;
      expect(s.level).toBe(1);
      expect(s.message).toMatch(/sensors: scan: range_max is 0/);
      await h.stop();
    } finally {
      await ctx.shutdown();
    }
  });

  it('keeps working after the clock goes back (a simulator reset): frames stamped before the last one are used again', async () => {
    const ctx = new LocalContext();
    try {
      const h = new PolicyNode(ctx.createNode('policy'));
      await h.ready;
      const probe = ctx.createNode('probe');
      let frames = 0;
      probe.createSubscription('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics', {}, (m) => {
        for (const s of m.status) for (const v of s.values) if (v.key === 'frames') frames = Number(v.value);
      });
      const frame = sensorSource(probe);
      probe.createPublisher('std_msgs/msg/String', 'instruction').publish({ data: 'go to the red box' });
      frame(40);
      await expect.poll(() => frames).toBe(1);
      frame(1); // the simulator was reset
      await expect.poll(() => frames).toBe(2);
      frame(2);
      await expect.poll(() => frames).toBe(3);
      await h.stop();
    } finally {
      await ctx.shutdown();
    }
  });

  it('ends the task on the e-stop (a plain, non-latched one too): a release does not resume it', async () => {
    const ctx = new LocalContext();
    try {
      const h = new PolicyNode(ctx.createNode('policy'));
      await h.ready;
      const probe = ctx.createNode('probe');
      const states: string[] = [];
      probe.createSubscription('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics', {}, (m) => {
        for (const s of m.status) for (const v of s.values) if (v.key === 'task_state') states.push(v.value);
      });
      probe.createPublisher('std_msgs/msg/String', 'instruction').publish({ data: 'go to the red box' });
      await expect.poll(() => states.at(-1)).toBe('searching');
      const estop = probe.createPublisher('std_msgs/msg/Bool', 'estop', { qos: { durability: 'volatile' } });
      estop.publish({ data: true });
      await expect.poll(() => states.at(-1)).toBe('cancelled');
      estop.publish({ data: false });
      await new Promise((r) => setTimeout(r, 1200)); // a heartbeat later: still ended
      expect(states.at(-1)).toBe('cancelled');
      await h.stop();
    } finally {
      await ctx.shutdown();
    }
  });
});
