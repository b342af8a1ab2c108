// Local bus benchmark: deliveries per second and per-delivery latency for a 360-beam LaserScan
// and a 640x480 rgb8 Image, fan-out to 1 and 10 subscribers, beside a plain callback loop.
import { defaultMessage, type MessageTypeName } from '@navstack/msgs';
import { LocalContext } from './local/LocalContext.ts';
import { setLogSink } from './logger.ts';
import { quantileSorted } from '@navstack/math';


interface Case {
  label: string;
  type: MessageTypeName;
  make(): unknown;
}

const cases: Case[] = [
  {
    label: 'LaserScan_360',
    type: 'sensor_msgs/msg/LaserScan',
    make: () => ({ ...defaultMessage('sensor_msgs/msg/LaserScan'), ranges: new Float32Array(360).fill(1) }),
  },
  {
    label: 'Image_640x480_rgb8',
    type: 'sensor_msgs/msg/Image',
    make: () => ({ ...defaultMessage('sensor_msgs/msg/Image'), height: 480, width: 640, encoding: 'rgb8', step: 1920, data: new Uint8Array(640 * 480 * 3) }),
  },
];

function runBus(c: Case, fanout: number, n: number) {
  const ctx = new LocalContext();
  const pubNode = ctx.createNode('bench_pub');
  const pub = pubNode.createPublisher(c.type, 'bench', { qos: 'sensor_data' });
  const lat = new Float64Array(n * fanout);
  let k = 0;
  let t0 = 0n;
  for (let s = 0; s < fanout; s++) {
    ctx.createNode(`bench_sub_${s}`).createSubscription(c.type, 'bench', { qos: 'sensor_data' }, () => {
      lat[k++] = Number(process.hrtime.bigint() - t0);
    });
  }
  const msg = c.make() as never;
  for (let i = 0; i < 2000; i++) {
    t0 = process.hrtime.bigint();
    pub.publish(msg);
  }
  k = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    t0 = process.hrtime.bigint();
    pub.publish(msg);
  }
  const total = Number(process.hrtime.bigint() - start);
  void ctx.shutdown();
  lat.sort();
  return { total, lat };
}

/** The same fan-out as direct function calls: what the bus costs on top of calling the callbacks. */
function runBaseline(c: Case, fanout: number, n: number) {
  const lat = new Float64Array(n * fanout);
  let k = 0;
  let t0 = 0n;
  const cbs = Array.from({ length: fanout }, () => (_m: unknown) => {
    lat[k++] = Number(process.hrtime.bigint() - t0);
  });
  const msg = c.make();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    t0 = process.hrtime.bigint();
    for (const cb of cbs) cb(msg);
  }
  const total = Number(process.hrtime.bigint() - start);
  lat.sort();
  return { total, lat };
}

export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const restore = setLogSink(() => {});
  const n = options.quick ? 10_000 : 100_000;
  const results: Record<string, unknown> = {};
  try {
    for (const c of cases) {
      for (const fanout of [1, 10]) {
        // Alternate bus and baseline runs and take medians, so that machine noise hits both alike.
        const busTotals: number[] = [];
        const baseTotals: number[] = [];
        let bus = runBus(c, fanout, n);
        for (let r = 0; r < 5; r++) {
          bus = runBus(c, fanout, n);
          busTotals.push(bus.total);
          baseTotals.push(runBaseline(c, fanout, n).total);
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        const deliveries = n * fanout;
        const perDeliveryNs = median(busTotals) / deliveries;
        const basePerDeliveryNs = median(baseTotals) / deliveries;
        results[`${c.label}_fanout${fanout}`] = {
          deliveries_per_second: Math.round(deliveries / (median(busTotals) / 1e9)),
          latency_us_median: +(quantileSorted(bus.lat, 0.5) / 1000).toFixed(3),
          latency_us_p99: +(quantileSorted(bus.lat, 0.99) / 1000).toFixed(3),
          time_per_delivery_us: +(perDeliveryNs / 1000).toFixed(3),
          plain_callbacks_time_per_delivery_us: +(basePerDeliveryNs / 1000).toFixed(3),
          bus_overhead_per_delivery_us: +((perDeliveryNs - basePerDeliveryNs) / 1000).toFixed(3),
          target_overhead_us: 5,
        };
      }
    }
  } finally {
    setLogSink(restore);
  }
  return results;
}
