// Protocol tests: the real roslib client (Node, over ws) against the bridge on a local navstack bus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ros, Service, Topic } from 'roslib';
import { decodeCdr, defaultMessage, type sensor_msgs, type std_msgs } from '@navstack/msgs';
import { LocalContext, type Node } from '@navstack/rcl';
import { serveBridge, type RunningBridge } from './serve.ts';
import { rawClient, sleep, until, waitFor, type RawClient } from './testing.ts';
import { computeAuthMac, computeRosauthMac } from './protocol/auth.ts';

let ctx: LocalContext;
let node: Node;
let bridge: RunningBridge;

async function connect(url = bridge.wsUrlWithToken): Promise<Ros> {
  const ros = new Ros({});
  const opened = new Promise<void>((resolve, reject) => {
    ros.once('connection', () => resolve());
    ros.once('error', (e) => reject(e instanceof Error ? e : new Error(String((e as { message?: string }).message ?? e))));
  });
  await ros.connect(url);
  await opened;
  return ros;
}

function scan(n: number, seq: number): sensor_msgs.LaserScan {
  const m = defaultMessage('sensor_msgs/msg/LaserScan');
  m.header.frame_id = 'laser';
  m.header.stamp = { sec: seq, nanosec: 0 };
  m.angle_min = -Math.PI;
  m.angle_increment = (2 * Math.PI) / n;
  m.range_max = 10;
  m.ranges = Float32Array.from({ length: n }, (_, i) => (i % 7) + 0.5);
  return m;
}

beforeAll(async () => {
  ctx = new LocalContext();
  node = ctx.createNode('test_side');
  const bridgeNode = ctx.createNode('rosbridge_server');
  bridge = await serveBridge(bridgeNode, { port: 0, httpPort: -1, publishAllowlist: ['/chatter', '/goal_pose', '/estop:std_msgs/msg/Bool', '/allowed/*'], serviceAllowlist: ['/set_mode', '/browser_trigger', '/no_such_service'], runtimeFile: false });
});

afterAll(async () => {
  await bridge.close();
  await ctx.shutdown();
});

describe('topics with roslib', () => {
  it('subscribe (json) delivers messages published on the bus, and unsubscribe stops them', async () => {
    const ros = await connect();
    const pub = node.createPublisher('std_msgs/msg/String', '/greeting');
    const got: string[] = [];
    const t = new Topic<{ data: string }>({ ros, name: '/greeting', messageType: 'std_msgs/msg/String' });
    t.subscribe((m) => got.push(m.data));
    await until(async () => (await bridge.stats()).relays.some((r) => r.topic === '/greeting'));
    pub.publish({ data: 'hello' });
    pub.publish({ data: 'world' });
    await waitFor(() => got.length === 2);
    expect(got).toEqual(['hello', 'world']);
    t.unsubscribe();
    await until(async () => !(await bridge.stats()).relays.some((r) => r.topic === '/greeting'), 2000, 'relay released');
    pub.publish({ data: 'nobody hears' });
    await sleep(50);
    expect(got).toHaveLength(2);
    ros.close();
  });

  it('subscribe with compression cbor gets binary frames with typed arrays, json gets plain arrays', async () => {
    const ros = await connect();
    const pub = node.createPublisher('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' });
    const img = node.createPublisher('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' });
    let cborScan: { ranges: unknown; header: { frame_id: string } } | undefined;
    let jsonScan: { ranges: unknown } | undefined;
    let cborImage: { data: unknown; width: number } | undefined;
    let jsonImage: { data: unknown } | undefined;
    new Topic<NonNullable<typeof cborScan>>({ ros, name: '/scan', messageType: 'sensor_msgs/msg/LaserScan', compression: 'cbor' }).subscribe((m) => (cborScan = m));
    const ros2 = await connect();
    new Topic<NonNullable<typeof jsonScan>>({ ros: ros2, name: '/scan', messageType: 'sensor_msgs/msg/LaserScan' }).subscribe((m) => (jsonScan = m));
    new Topic<NonNullable<typeof cborImage>>({ ros, name: '/camera/image_raw', messageType: 'sensor_msgs/Image', compression: 'cbor' }).subscribe((m) => (cborImage = m));
    new Topic<NonNullable<typeof jsonImage>>({ ros: ros2, name: '/camera/image_raw', messageType: 'sensor_msgs/Image' }).subscribe((m) => (jsonImage = m));
    await until(async () => (await bridge.stats()).relays.filter((r) => r.topic === '/scan' || r.topic === '/camera/image_raw').every((r) => r.subscribers === 2) && (await bridge.stats()).relays.length >= 2);
    const s = scan(360, 1);
    pub.publish(s);
    const im = defaultMessage('sensor_msgs/msg/Image');
    im.width = 4;
    im.height = 2;
    im.encoding = 'rgb8';
    im.step = 12;
    im.data = Uint8Array.from({ length: 24 }, (_, i) => i * 10);
    img.publish(im);
    await waitFor(() => !!cborScan && !!jsonScan && !!cborImage && !!jsonImage);
    expect(cborScan!.ranges).toBeInstanceOf(Float32Array);
    expect(Array.from(cborScan!.ranges as Float32Array)).toEqual(Array.from(s.ranges));
    expect(cborScan!.header.frame_id).toBe('laser');
    expect(Array.isArray(jsonScan!.ranges)).toBe(true);
    expect((jsonScan!.ranges as number[]).slice(0, 3)).toEqual([0.5, 1.5, 2.5]);
    expect(cborImage!.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(cborImage!.data as Uint8Array)).toEqual(Array.from(im.data));
    expect(jsonImage!.data).toBe(Buffer.from(im.data).toString('base64'));
    ros.close();
    ros2.close();
  });

  it("compression 'cbor-raw' sends the CDR bytes, as rosbridge does", async () => {
    const raw = await rawClient(bridge.wsUrl);
    const pub = node.createPublisher('std_msgs/msg/String', '/raw_topic');
    raw.send({ op: 'subscribe', topic: '/raw_topic', type: 'std_msgs/msg/String', compression: 'cbor-raw' });
    await until(async () => (await bridge.stats()).relays.some((r) => r.topic === '/raw_topic'));
    pub.publish({ data: 'cdr please' });
    const m = await raw.next((x) => x.op === 'publish');
    const msg = m.msg as { bytes: Uint8Array; secs: number };
    expect(decodeCdr('std_msgs/msg/String', msg.bytes).data).toBe('cdr please');
    expect(msg.secs).toBeGreaterThan(0);
    await raw.close();
  });

  it('advertise + publish reach bus subscribers; unadvertise removes the publisher', async () => {
    const ros = await connect();
    const got: std_msgs.String[] = [];
    node.createSubscription('std_msgs/msg/String', '/chatter', {}, (m) => got.push(m));
    const t = new Topic<{ data: string }>({ ros, name: '/chatter', messageType: 'std_msgs/msg/String' });
    t.publish({ data: 'from the browser' });
    await waitFor(() => got.length === 1);
    expect(got[0]!.data).toBe('from the browser');
    const hasPublisher = () => ctx.graph().some((n) => n.name === 'rosbridge_server' && n.publishers.some((p) => p.topic === '/chatter'));
    expect(hasPublisher()).toBe(true);
    t.unadvertise();
    await waitFor(() => !hasPublisher(), 2000, 'publisher removed');
    ros.close();
  });

  it('a latched publish (estop) is transient local, and late subscribers get the last latched message', async () => {
    const latchedPub = node.createPublisher('std_msgs/msg/Bool', '/estop_state', { qos: 'latched' });
    latchedPub.publish({ data: true });
    // First client: the bridge creates a transient-local subscription and replays.
    const ros = await connect();
    const first: boolean[] = [];
    new Topic<{ data: boolean }>({ ros, name: '/estop_state', messageType: 'std_msgs/Bool' }).subscribe((m) => first.push(m.data));
    await waitFor(() => first.length === 1);
    // Second client: the relay exists; the bridge replays its last message.
    const ros2 = await connect();
    const second: boolean[] = [];
    new Topic<{ data: boolean }>({ ros: ros2, name: '/estop_state', messageType: 'std_msgs/Bool' }).subscribe((m) => second.push(m.data));
    await waitFor(() => second.length === 1);
    expect(first).toEqual([true]);
    expect(second).toEqual([true]);
    // A volatile topic replays nothing.
    const vol = node.createPublisher('std_msgs/msg/String', '/volatile_topic');
    const keep: string[] = [];
    new Topic<{ data: string }>({ ros, name: '/volatile_topic', messageType: 'std_msgs/msg/String' }).subscribe((m) => keep.push(m.data));
    await until(async () => (await bridge.stats()).relays.some((r) => r.topic === '/volatile_topic'));
    vol.publish({ data: 'a' });
    await waitFor(() => keep.length === 1);
    const late: string[] = [];
    new Topic<{ data: string }>({ ros: ros2, name: '/volatile_topic', messageType: 'std_msgs/msg/String' }).subscribe((m) => late.push(m.data));
    await sleep(100);
    expect(late).toEqual([]);
    // A browser's latched publish reaches a transient-local subscriber that joins later.
    const early: boolean[] = [];
    node.createSubscription('std_msgs/msg/Bool', '/estop', { qos: 'latched' }, (m) => early.push(m.data));
    new Topic<{ data: boolean }>({ ros, name: '/estop', messageType: 'std_msgs/Bool', latch: true }).publish({ data: true });
    await waitFor(() => early.length === 1);
    const safety: boolean[] = [];
    node.createSubscription('std_msgs/msg/Bool', '/estop', { qos: 'latched' }, (m) => safety.push(m.data));
    expect(safety).toEqual([true]);
    ros.close();
    ros2.close();
    // The latched state outlives the browser that published it.
    await until(async () => (await bridge.stats()).clients === 0, 2000, 'clients gone');
    const later: boolean[] = [];
    node.createSubscription('std_msgs/msg/Bool', '/estop', { qos: 'latched' }, (m) => later.push(m.data));
    expect(later).toEqual([true]);
  });

  it('throttle_rate limits the rate and still delivers the newest message; queue_length keeps more', async () => {
    const ros = await connect();
    const pub = node.createPublisher('std_msgs/msg/String', '/fast');
    const throttled: string[] = [];
    const queued: string[] = [];
    new Topic<{ data: string }>({ ros, name: '/fast', messageType: 'std_msgs/msg/String', throttle_rate: 100 }).subscribe((m) => throttled.push(m.data));
    const ros2 = await connect();
    new Topic<{ data: string }>({ ros: ros2, name: '/fast', messageType: 'std_msgs/msg/String', throttle_rate: 100, queue_length: 3 }).subscribe((m) => queued.push(m.data));
    await until(async () => (await bridge.stats()).relays.find((r) => r.topic === '/fast')?.subscribers === 2);
    for (let i = 0; i < 20; i++) {
      pub.publish({ data: String(i) });
      await sleep(10);
    }
    await sleep(450);
    // 20 messages over ~200 ms at most one per 100 ms: the first, then a few, ending with the newest.
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(throttled.length).toBeLessThanOrEqual(5);
    expect(throttled[0]).toBe('0');
    expect(throttled.at(-1)).toBe('19');
    expect(queued.at(-1)).toBe('19');
    expect(queued.length).toBeGreaterThanOrEqual(throttled.length);
    ros.close();
    ros2.close();
  });

  it('fragment_size splits messages into fragment ops that roslib reassembles', async () => {
    const ros = await connect();
    const pub = node.createPublisher('std_msgs/msg/String', '/long_text');
    const got: string[] = [];
    ros.on('/long_text', (m) => got.push((m as unknown as { msg: { data: string } }).msg.data));
    ros.callOnConnection({ op: 'subscribe', id: 'frag1', topic: '/long_text', type: 'std_msgs/msg/String', fragment_size: 1024 });
    const raw = await rawClient(bridge.wsUrl);
    raw.send({ op: 'subscribe', id: 'frag2', topic: '/long_text', type: 'std_msgs/msg/String', fragment_size: 1024 });
    await until(async () => (await bridge.stats()).relays.find((r) => r.topic === '/long_text')?.subscribers === 2);
    const text = 'x'.repeat(3500);
    pub.publish({ data: text });
    await waitFor(() => got.length === 1);
    expect(got[0]).toBe(text);
    const f = await raw.next((m) => m.op === 'fragment');
    expect(f.total).toBeGreaterThan(3);
    expect((f.data as string).length).toBeLessThanOrEqual(1024);
    await raw.close();
    ros.close();
  });
});

describe('services with roslib', () => {
  it('call_service reaches a navstack service (type looked up on the graph); errors come back as result false', async () => {
    node.createService('std_srvs/srv/SetBool', '/set_mode', (req) => ({ success: req.data, message: req.data ? 'on' : 'off' }));
    const ros = await connect();
    const svc = new Service<{ data: boolean }, { success: boolean; message: string }>({ ros, name: '/set_mode', serviceType: 'std_srvs/SetBool' });
    const res = await new Promise<{ success: boolean; message: string }>((resolve, reject) => svc.callService({ data: true }, resolve, reject));
    expect(res).toEqual({ success: true, message: 'on' });
    const missing = new Service({ ros, name: '/no_such_service', serviceType: 'std_srvs/Trigger' });
    const err = await new Promise<string>((resolve, reject) => missing.callService({}, () => reject(new Error('should fail')), resolve));
    expect(err).toMatch(/no_such_service.*not offered/);
    const bad = await new Promise<string>((resolve, reject) => svc.callService({ data: 'yes' } as never, () => reject(new Error('should fail')), resolve));
    expect(bad).toMatch(/field 'data'.*boolean/);
    ros.close();
  });

  it("roslib's graph helpers (rosapi topics, services, topic_type) are answered from the graph", async () => {
    const ros = await connect();
    node.createPublisher('std_msgs/msg/String', '/listed_topic');
    const topics = await new Promise<{ topics: string[]; types: string[] }>((resolve, reject) => ros.getTopics(resolve, reject));
    const i = topics.topics.indexOf('/listed_topic');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(topics.types[i]).toBe('std_msgs/msg/String');
    const type = await new Promise<string>((resolve, reject) => ros.getTopicType('/listed_topic', resolve, reject));
    expect(type).toBe('std_msgs/msg/String');
    const services = await new Promise<string[]>((resolve, reject) => ros.getServices(resolve, reject));
    expect(services).toContain('/set_mode');
    ros.close();
  });

  it('advertise_service lets a browser offer a service that navstack nodes call; unadvertise_service withdraws it', async () => {
    const ros = await connect();
    const svc = new Service<Record<string, never>, { success: boolean; message: string }>({ ros, name: '/browser_trigger', serviceType: 'std_srvs/srv/Trigger' });
    await svc.advertise((_req, res) => {
      res.success = true;
      res.message = 'clicked';
      return true;
    });
    const client = node.createClient('std_srvs/srv/Trigger', '/browser_trigger');
    expect(await client.waitForService(2)).toBe(true);
    const res = await client.sendRequest({});
    expect(res).toEqual({ success: true, message: 'clicked' });
    await svc.unadvertise();
    await waitFor(() => !client.isServiceAvailable(), 2000, 'service withdrawn');
    ros.close();
  });
});

describe('bad ops and limits', () => {
  let raw: RawClient;
  beforeAll(async () => {
    raw = await rawClient(bridge.wsUrlWithToken);
  });
  afterAll(() => raw.close());
  const status = () => raw.next((m) => m.op === 'status');

  it('answers each bad op with a status error naming the problem, and the connection stays up', async () => {
    raw.sendText('{not json');
    expect((await status()).msg).toMatch(/not valid JSON/);
    raw.send({ topic: '/x' });
    expect((await status()).msg).toMatch(/missing "op"/);
    raw.send({ op: 'fly', id: 'f1' });
    const s = await status();
    expect(s.msg).toMatch(/unknown op 'fly'/);
    expect(s.id).toBe('f1');
    raw.send({ op: 'subscribe', topic: 42 });
    expect((await status()).msg).toMatch(/invalid 'subscribe' op: field 'topic'/);
    raw.send({ op: 'subscribe', topic: '/x', type: 'nope_msgs/Nothing' });
    expect((await status()).msg).toMatch(/unknown message type 'nope_msgs\/Nothing'/);
    raw.send({ op: 'subscribe', topic: '/nobody_here' });
    expect((await status()).msg).toMatch(/no type given/);
    raw.send({ op: 'advertise', topic: '/cmd_vel', type: 'geometry_msgs/Twist' });
    expect((await status()).msg).toMatch(/'\/cmd_vel' is not in the bridge's publish_allowlist/);
    raw.send({ op: 'advertise', topic: '/allowed/thing', type: 'geometry_msgs/Twist' });
    raw.send({ op: 'publish', topic: '/allowed/thing', msg: { linear: { x: 'fast' } } });
    expect((await status()).msg).toMatch(/field 'linear\.x': expected a number/);
    raw.send({ op: 'publish', topic: '/never_advertised', msg: {} });
    expect((await status()).msg).toMatch(/not advertised/);
    raw.send({ op: 'service_response', service: '/x', id: 'nope', result: true });
    expect((await status()).msg).toMatch(/no call to '\/x'/);
    raw.send({ op: 'set_level', level: 'loud' });
    expect((await status()).msg).toMatch(/field 'level'/);
    // Still up: a normal op works.
    const pub = node.createPublisher('std_msgs/msg/String', '/still_up');
    raw.send({ op: 'subscribe', topic: '/still_up', type: 'std_msgs/msg/String' });
    await until(async () => (await bridge.stats()).relays.some((r) => r.topic === '/still_up'));
    pub.publish({ data: 'yes' });
    expect(((await raw.next((m) => m.op === 'publish')).msg as { data: string }).data).toBe('yes');
  });

  it('set_level none silences status messages; error brings them back', async () => {
    raw.send({ op: 'set_level', level: 'none' });
    raw.send({ op: 'fly' });
    await sleep(100);
    expect(raw.received.filter((m) => m.op === 'status')).toEqual([]);
    raw.send({ op: 'set_level', level: 'error' });
    raw.send({ op: 'fly' });
    expect((await status()).msg).toMatch(/unknown op/);
  });

  it('refuses a frame over max_message_size from its header, before buffering it (close 1009); other clients stay', async () => {
    const ctx2 = new LocalContext();
    const small = await serveBridge(ctx2.createNode('small_bridge'), { port: 0, httpPort: -1, maxMessageSize: 2000, publishAllowlist: ['*'] });
    const other = await rawClient(small.wsUrlWithToken);
    const c = await rawClient(small.wsUrlWithToken);
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    c.send({ op: 'publish', topic: '/big', msg: { data: 'x'.repeat(5000) } });
    expect(await closed).toBe(1009);
    other.send({ op: 'fly' });
    expect((await other.next((m) => m.op === 'status')).msg).toMatch(/unknown op/);
    await other.close();
    await small.close();
    await ctx2.shutdown();
  });
});

describe('slow clients', () => {
  it('a client that reads nothing gets a bounded queue (oldest dropped) while a normal client keeps up', async () => {
    const ctx2 = new LocalContext();
    const b = await serveBridge(ctx2.createNode('queue_bridge'), { port: 0, httpPort: -1, queueSize: 5, queueBytes: 2_000_000, highWaterBytes: 100_000 });
    const pub = ctx2.createNode('camera').createPublisher('sensor_msgs/msg/Image', '/image', { qos: 'sensor_data' });
    const slow = await rawClient(b.wsUrl);
    slow.send({ op: 'subscribe', topic: '/image', type: 'sensor_msgs/Image' });
    const ros = await connect(b.wsUrl);
    let got = 0;
    let lastStamp = -1;
    new Topic<{ header: { stamp: { sec: number } } }>({ ros, name: '/image', messageType: 'sensor_msgs/Image', compression: 'cbor' }).subscribe((m) => {
      got++;
      lastStamp = m.header.stamp.sec;
    });
    await until(async () => (await b.stats()).relays[0]?.subscribers === 2);
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const data = new Uint8Array(320 * 240 * 3);
    for (let i = 0; i < 150; i++) {
      pub.publish({ header: { stamp: { sec: i, nanosec: 0 }, frame_id: 'cam' }, height: 240, width: 320, encoding: 'rgb8', is_bigendian: 0, step: 960, data });
      await sleep(4);
    }
    // The normal client gets the newest image and many of the others (150 images in 0.6 s: a bridge that
    // falls behind on a loaded machine drops older images rather than queueing them).
    await waitFor(() => lastStamp === 149, 10_000, 'the normal client to get the newest image');
    expect(got).toBeGreaterThan(30);
    const st = await b.stats();
    // Bounded, oldest dropped. How many were dropped depends on how many images the bridge's relay took on a
    // loaded machine (it keeps the newest when it falls behind), so only that some were.
    expect(st.queued).toBeLessThanOrEqual(5);
    expect(st.dropped).toBeGreaterThan(0);
    ros.close();
    slow.ws.terminate();
    await b.close();
    await ctx2.shutdown();
  });
});

describe('off loopback: the token, or the auth op', () => {
  it('starts without a secret (the token is enough) and prints a viewer URL that carries the token', async () => {
    const ctx2 = new LocalContext();
    const saved = process.env.NAVSTACK_BRIDGE_SECRET;
    delete process.env.NAVSTACK_BRIDGE_SECRET;
    const b = await serveBridge(ctx2.createNode('b'), { address: '0.0.0.0', port: 0, httpPort: 0, runtimeFile: false });
    if (saved !== undefined) process.env.NAVSTACK_BRIDGE_SECRET = saved;
    expect(b.remote).toBe(true);
    expect(b.viewerUrl).toMatch(new RegExp(`^http://[0-9.]+:${b.httpPort}/\\?token=${b.token}$`));
    expect(b.token.length).toBeGreaterThanOrEqual(32);
    await b.close();
    await ctx2.shutdown();
  });

  it('a missing auth_secret_file is one clear ParameterError', async () => {
    const ctx2 = new LocalContext();
    await expect(serveBridge(ctx2.createNode('b'), { port: 0, httpPort: -1, authSecretFile: '/nonexistent/secret' })).rejects.toThrow(/cannot read the auth secret from auth_secret_file '\/nonexistent\/secret' \(ENOENT\)/);
    await ctx2.shutdown();
  });

  it('the auth op (HMAC) gives control; a bad MAC closes; a MAC works once; rosauth MACs are accepted', async () => {
    const ctx2 = new LocalContext();
    const secret = 'lab-secret-1234';
    const b = await serveBridge(ctx2.createNode('open_bridge'), { address: '0.0.0.0', port: 0, httpPort: -1, authSecret: secret, publishAllowlist: ['/chatter'], runtimeFile: false });
    const talker = ctx2.createNode('talker');
    const pub = talker.createPublisher('std_msgs/msg/String', '/secret_topic');
    const heard: string[] = [];
    talker.createSubscription('std_msgs/msg/String', '/chatter', {}, (m) => heard.push(m.data));
    const url = `ws://127.0.0.1:${b.port}`;

    // Without credentials: read-only (anonymous_access 'read'): subscribing works, publishing is refused.
    const raw = await rawClient(url);
    raw.send({ op: 'publish', id: 'p1', topic: '/chatter', msg: { data: 'no' } });
    expect((await raw.next((m) => m.op === 'status')).msg).toMatch(/'publish' on '\/chatter' refused: this client has no token/);
    // A wrong MAC closes the connection.
    const now = Math.floor(Date.now() / 1000);
    const fields = { client: '127.0.0.1', dest: '127.0.0.1', rand: 'r4nd', t: now, level: 'admin', end: now + 3600 };
    const closed = new Promise<void>((r) => raw.ws.once('close', () => r()));
    raw.send({ op: 'auth', mac: computeAuthMac('wrong', fields), ...fields });
    expect((await raw.next((m) => m.op === 'status')).msg).toMatch(/MAC does not match/);
    await closed;

    // roslib's authenticate with the right HMAC: then publishing works.
    const ros = await connect(url);
    ros.authenticate(computeAuthMac(secret, fields), fields.client, fields.dest, fields.rand, fields.t, fields.level, fields.end);
    new Topic<{ data: string }>({ ros, name: '/chatter', messageType: 'std_msgs/msg/String' }).publish({ data: 'authenticated' });
    await waitFor(() => heard.length === 1);
    const got: string[] = [];
    new Topic<{ data: string }>({ ros, name: '/secret_topic', messageType: 'std_msgs/msg/String' }).subscribe((m) => got.push(m.data));
    await until(async () => (await b.stats()).relays.some((r) => r.topic === '/secret_topic'));
    pub.publish({ data: 'for authenticated eyes' });
    await waitFor(() => got.length === 1);
    ros.close();

    // The same MAC on another connection is a replay: refused.
    const replay = await rawClient(url);
    replay.send({ op: 'auth', mac: computeAuthMac(secret, fields), ...fields });
    expect((await replay.next((m) => m.op === 'status')).msg).toMatch(/used already \(a replay\)/);

    // rosauth's original SHA-512 MAC is accepted too (fresh rand).
    const f2 = { ...fields, rand: 'other' };
    const raw2 = await rawClient(url);
    raw2.send({ op: 'auth', mac: computeRosauthMac(secret, f2), ...f2 });
    raw2.send({ op: 'publish', topic: '/chatter', msg: { data: 'rosauth' } });
    await waitFor(() => heard.length === 2);
    await raw2.close();
    await b.close();
    await ctx2.shutdown();
  });

  it("the session ends at the auth op's end time (the connection closes)", async () => {
    const ctx2 = new LocalContext();
    const secret = 's3cret-s3cret';
    const b = await serveBridge(ctx2.createNode('short_bridge'), { port: 0, httpPort: -1, authSecret: secret, runtimeFile: false });
    const now = Date.now() / 1000;
    const fields = { client: 'c', dest: 'd', rand: 'short', t: Math.floor(now), level: 'admin', end: Math.floor(now) + 2 };
    const raw = await rawClient(b.wsUrl);
    const closed = new Promise<number>((r) => raw.ws.once('close', (code) => r(code)));
    raw.send({ op: 'auth', mac: computeAuthMac(secret, fields), ...fields });
    expect(await closed).toBe(1008);
    await b.close();
    await ctx2.shutdown();
  }, 10_000);

  it("with anonymous_access 'none' a client without credentials may only engage the e-stop", async () => {
    const ctx2 = new LocalContext();
    const b = await serveBridge(ctx2.createNode('closed_bridge'), { port: 0, httpPort: -1, anonymousAccess: 'none', runtimeFile: false });
    const estop: boolean[] = [];
    ctx2.createNode('safety').createSubscription('std_msgs/msg/Bool', '/estop', { qos: 'latched' }, (m) => estop.push(m.data));
    const raw = await rawClient(b.wsUrl);
    raw.send({ op: 'subscribe', topic: '/estop', type: 'std_msgs/msg/Bool' });
    expect((await raw.next((m) => m.op === 'status')).msg).toMatch(/'subscribe' on '\/estop' refused: this client has no token/);
    raw.send({ op: 'publish', topic: '/estop', msg: { data: true } });
    await waitFor(() => estop.length === 1);
    raw.send({ op: 'publish', topic: '/estop', msg: { data: false } });
    expect((await raw.next((m) => m.op === 'status')).msg).toMatch(/refused/);
    expect(estop).toEqual([true]);
    await raw.close();
    await b.close();
    await ctx2.shutdown();
  });
});
