// Worker thread of the bridge benchmark: N roslib clients subscribed to one topic, measuring
// publish-to-callback latency from header.stamp (absolute ms from performance.timeOrigin + now()).
import { parentPort, workerData } from 'node:worker_threads';
import { Ros, Topic } from 'roslib';

const { url, clients, topic, type, compression } = workerData;
const now = () => performance.timeOrigin + performance.now();
let latencies = [];
const counts = new Array(clients).fill(0);
const conns = [];

for (let i = 0; i < clients; i++) {
  const ros = new Ros({});
  const opened = new Promise((resolve, reject) => {
    ros.once('connection', resolve);
    ros.once('error', reject);
  });
  await ros.connect(url);
  await opened;
  const t = new Topic({ ros, name: topic, messageType: type, compression, reconnect_on_close: false });
  t.subscribe((m) => {
    const s = m.header.stamp;
    latencies.push(now() - (s.sec * 1000 + s.nanosec / 1e6));
    counts[i]++;
  });
  conns.push(ros);
}
parentPort.postMessage({ ready: true });
parentPort.on('message', (cmd) => {
  if (cmd === 'report') {
    parentPort.postMessage({ latencies, counts: [...counts] });
    latencies = [];
    counts.fill(0);
  } else if (cmd === 'close') {
    for (const r of conns) r.close();
    parentPort.postMessage({ closed: true });
  }
});
