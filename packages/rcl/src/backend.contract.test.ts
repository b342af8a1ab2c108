// One contract for every backend. It runs on `local` everywhere; on a machine with ROS 2
// sourced and rclnodejs built it runs on `ros2` too, and is reported as skipped (with the reason) elsewhere.
import { afterEach, describe, expect, it } from 'vitest';
import { init, ros2Unavailability, type BackendName, type Context } from './index.ts';

const ros2Why = await ros2Unavailability();
const backends: { name: BackendName; skip?: string }[] = [{ name: 'local' }, { name: 'ros2', skip: ros2Why }];

async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let seq = 0;
const unique = (base: string) => `${base}_${process.pid}_${seq++}`;

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`rcl backend '${backend.name}'${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, () => {
    let ctx: Context;
    afterEach(async () => {
      await ctx?.shutdown();
    });
    const start = async () => (ctx = await init({ backend: backend.name }));

    it('delivers published messages to subscribers, with namespaces resolved', async () => {
      await start();
      const topic = unique('chatter');
      const a = ctx.createNode('talker', { namespace: 'robot1' });
      const b = ctx.createNode('listener', { namespace: 'robot1' });
      const got: string[] = [];
      const sub = b.createSubscription('std_msgs/msg/String', topic, {}, (m) => got.push(m.data));
      const pub = a.createPublisher('std_msgs/msg/String', topic);
      expect(pub.topic).toBe(`/robot1/${topic}`);
      expect(sub.topic).toBe(`/robot1/${topic}`);
      await until(() => pub.subscriptionCount() === 1);
      pub.publish({ data: 'one' });
      pub.publish({ data: 'two' });
      await until(() => got.length === 2);
      expect(got).toEqual(['one', 'two']);
    });

    it('applies remaps: a remapped topic connects to the new name', async () => {
      await start();
      const from = unique('scan');
      const to = unique('base_scan');
      const a = ctx.createNode('driver');
      const b = ctx.createNode('consumer', { remappings: [{ from, to }] });
      const got: number[] = [];
      b.createSubscription('std_msgs/msg/Float32', from, {}, (m) => got.push(m.data));
      const pub = a.createPublisher('std_msgs/msg/Float32', to);
      await until(() => pub.subscriptionCount() === 1);
      pub.publish({ data: 1.5 });
      await until(() => got.length === 1);
      expect(b.resolveName(from)).toBe(`/${to}`);
    });

    it('replays the last latched message (transient local) to a late subscriber', async () => {
      await start();
      const topic = unique('estop');
      const a = ctx.createNode('button');
      const pub = a.createPublisher('std_msgs/msg/Bool', topic, { qos: 'latched' });
      pub.publish({ data: false });
      pub.publish({ data: true });
      const late = ctx.createNode('late');
      const got: boolean[] = [];
      late.createSubscription('std_msgs/msg/Bool', topic, { qos: 'latched' }, (m) => got.push(m.data));
      await until(() => got.length >= 1);
      expect(got).toEqual([true]);
    });

    it('keeps the last `depth` messages of a transient-local publisher', async () => {
      await start();
      const topic = unique('markers');
      const pub = ctx.createNode('p').createPublisher('std_msgs/msg/String', topic, { qos: { durability: 'transient_local', depth: 3 } });
      for (const s of ['a', 'b', 'c', 'd']) pub.publish({ data: s });
      const got: string[] = [];
      ctx.createNode('s').createSubscription('std_msgs/msg/String', topic, { qos: { durability: 'transient_local', depth: 3 } }, (m) => got.push(m.data));
      await until(() => got.length === 3);
      expect(got).toEqual(['b', 'c', 'd']);
    });

    it('does not deliver from a best-effort publisher to a reliable subscriber (DDS rule)', async () => {
      await start();
      const topic = unique('data');
      const pub = ctx.createNode('p').createPublisher('std_msgs/msg/String', topic, { qos: 'sensor_data' });
      const reliable: string[] = [];
      const bestEffort: string[] = [];
      const n = ctx.createNode('s');
      n.createSubscription('std_msgs/msg/String', topic, { qos: 'default' }, (m) => reliable.push(m.data));
      n.createSubscription('std_msgs/msg/String', topic, { qos: 'sensor_data' }, (m) => bestEffort.push(m.data));
      await until(() => pub.subscriptionCount() >= 1);
      pub.publish({ data: 'x' });
      await until(() => bestEffort.length === 1);
      await new Promise((r) => setTimeout(r, 50));
      expect(reliable).toEqual([]);
    });

    it('runs timers on the wall clock', async () => {
      await start();
      let n = 0;
      const t = ctx.createNode('ticker').createTimer(0.01, () => n++);
      await until(() => n >= 3);
      t.cancel();
      const after = n;
      await new Promise((r) => setTimeout(r, 50));
      expect(n).toBe(after);
    });

    it('follows /clock with use_sim_time: clock and timers advance with sim time only', async () => {
      await start();
      const sim = ctx.createNode('sim');
      const clock = sim.createPublisher('rosgraph_msgs/msg/Clock', '/clock', { qos: 'clock' });
      const node = ctx.createNode('controller', { parameterOverrides: { use_sim_time: true } });
      expect(node.getClock().isSimTime).toBe(true);
      let ticks = 0;
      node.createTimer(0.05, () => ticks++);
      await new Promise((r) => setTimeout(r, 120));
      expect(ticks).toBe(0); // no sim time passed
      for (let i = 1; i <= 100; i++) {
        clock.publish({ clock: { sec: Math.floor(i / 100), nanosec: (i % 100) * 10_000_000 } });
        if (backend.name === 'ros2') await new Promise((r) => setTimeout(r, 1));
      }
      await until(() => node.getClock().nowSeconds() === 1);
      await until(() => ticks === 20);
      expect(node.now()).toEqual({ sec: 1, nanosec: 0 });
    });

    it('calls services and reports a missing one clearly', async () => {
      await start();
      const srv = unique('enable');
      const server = ctx.createNode('server');
      server.createService('std_srvs/srv/SetBool', srv, (req) => ({ success: req.data, message: req.data ? 'on' : 'off' }));
      const client = ctx.createNode('client').createClient('std_srvs/srv/SetBool', srv);
      expect(await client.waitForService(2)).toBe(true);
      expect(await client.sendRequest({ data: true })).toEqual({ success: true, message: 'on' });
      const missing = ctx.createNode('client2').createClient('std_srvs/srv/Trigger', unique('nobody'));
      await expect(missing.sendRequest({}, { timeoutSeconds: 0.1 })).rejects.toThrow(/did not answer within 0.1 s/);
    });

    it('declares parameters with overrides, checks types, ranges and read-only', async () => {
      await start();
      const n = ctx.createNode('tuned', { parameterOverrides: { max_speed: 0.5, mode: 'fast', depth: 3, bad: 'x', ratio: 2 } });
      expect(n.declareParameter('max_speed', 0.22)).toBe(0.5);
      expect(n.declareParameter('mode', 'safe')).toBe('fast');
      expect(n.declareParameter('depth', 1, { type: 'integer' })).toBe(3);
      expect(n.declareParameter('untouched', [1, 2])).toEqual([1, 2]);
      expect(() => n.declareParameter('bad', 1.0)).toThrow(/parameter 'bad' is declared as double; got "x"/);
      expect(() => n.declareParameter('ratio', 0.5, { range: { min: 0, max: 1 } })).toThrow(/outside its range/);
      n.declareParameter('frame', 'map', { readOnly: true });
      expect(() => n.setParameter('frame', 'odom')).toThrow(/read-only/);
      const changes: unknown[] = [];
      n.onParameterChange((e) => changes.push(e));
      n.setParameter('max_speed', 0.3);
      expect(n.getParameter('max_speed')).toBe(0.3);
      expect(changes).toEqual([{ name: 'max_speed', value: 0.3 }]);
      expect(() => n.getParameter('nope')).toThrow(/not declared/);
    });

    it('shows nodes, topics and parameters in the graph', async () => {
      await start();
      const topic = unique('odom');
      const n = ctx.createNode('graph_node', { namespace: 'r2', parameterOverrides: { rate: 5.0 } });
      n.declareParameter('rate', 10.0);
      n.createPublisher('nav_msgs/msg/Odometry', topic);
      await until(() => ctx.graph().some((g) => g.fullyQualifiedName === '/r2/graph_node' && g.publishers.some((p) => p.topic === `/r2/${topic}`)));
      const g = ctx.graph().find((x) => x.fullyQualifiedName === '/r2/graph_node')!;
      expect(g.publishers).toContainEqual({ topic: `/r2/${topic}`, type: 'nav_msgs/msg/Odometry' });
      expect(g.parameters.rate).toBe(5);
    });
  });
}
