// navstack (rclnodejs, through packages/rcl's ros2 backend) side of the ROS 2 transport benchmark.
// usage: benchPeer.ts pub|sub scan|image TOPIC COUNT RATE_HZ BURST — the same protocol as bench/ros2_peer.py.
import { defaultMessage, type sensor_msgs } from '@navstack/msgs';
import { init } from '../init.ts';

const [role, kind, topic, countText, rateText, burstText] = process.argv.slice(2);
const count = Number(countText), rate = Number(rateText), burst = Number(burstText);
const type = kind === 'scan' ? 'sensor_msgs/msg/LaserScan' : 'sensor_msgs/msg/Image';
const ctx = await init({ backend: 'ros2' });
const node = ctx.createNode(`bench_${role}_js`);
const realtimeNanos = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

function make(): sensor_msgs.LaserScan | sensor_msgs.Image {
  if (kind === 'scan') return { ...defaultMessage('sensor_msgs/msg/LaserScan'), angle_min: -3.14159, angle_max: 3.12414, angle_increment: 0.0174533, range_min: 0.12, range_max: 12, ranges: new Float32Array(360).fill(1) };
  return { ...defaultMessage('sensor_msgs/msg/Image'), height: 480, width: 640, encoding: 'rgb8', step: 1920, data: new Uint8Array(640 * 480 * 3) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (role === 'pub') {
  const pub = node.createPublisher(type, topic);
  while (pub.subscriptionCount() === 0) await sleep(50);
  await sleep(500);
  const m = make();
  const send = (frame: string) => {
    const t = realtimeNanos();
    m.header = { stamp: { sec: Number(t / 1_000_000_000n), nanosec: Number(t % 1_000_000_000n) }, frame_id: frame };
    pub.publish(m as never);
  };
  for (let i = 0; i < count; i++) {
    send('timed');
    await sleep(1000 / rate);
  }
  for (let i = 0; i < burst; i++) send('burst');
  await sleep(1000);
} else {
  const lat: number[] = [];
  const arrivals: number[] = [];
  node.createSubscription(type, topic, {}, (m) => {
    const now = realtimeNanos();
    const sent = BigInt(m.header.stamp.sec) * 1_000_000_000n + BigInt(m.header.stamp.nanosec);
    if (m.header.frame_id === 'burst') arrivals.push(Number(now) / 1e9);
    else lat.push(Number(now - sent) / 1e6);
  });
  console.log('ready');
  let last = Date.now();
  let seen = 0;
  while (Date.now() - last < 3000 && lat.length + arrivals.length < count + burst) {
    await sleep(100);
    if (lat.length + arrivals.length !== seen) [seen, last] = [lat.length + arrivals.length, Date.now()];
  }
  console.log(JSON.stringify({ latencyMs: lat, burstArrivals: arrivals }));
}
await ctx.shutdown();
