import { describe, expect, it } from 'vitest';
import type { sensor_msgs } from '@navstack/msgs';
import { distanceToObject } from '@navstack/sim';
import { scanSegments, DEFAULT_PREPROCESS, bearingColumn, lidarPerColumn, sampleScan } from '@navstack/policy';
import { createSimulator } from './world/simFactory.ts';
import { generateTask } from './world/scenario.ts';
import type { Task, WorldObject } from './world/types.ts';

/** The simulator's scan with the robot `surface` m from the object's boundary, facing it (first free approach). */
function scanFacing(task: Task, o: WorldObject, surface: number): sensor_msgs.LaserScan | undefined {
  const sim = createSimulator(task, 1);
  for (let t = 0; t < 12; t++) {
    const a = (t / 12) * 2 * Math.PI;
    let d = o.radius;
    while (distanceToObject(o, o.x + d * Math.cos(a), o.y + d * Math.sin(a)) < surface + 0.2 && d < 6) d += 0.01;
    const x = o.x + d * Math.cos(a), y = o.y + d * Math.sin(a);
    if (sim.isColliding(x, y) || sim.clearance(x, y) < 0.3) continue;
    sim.reset({ start: { x, y, yaw: a + Math.PI } });
    return sim.scan();
  }
  return undefined;
}

describe('lidar shape (scan segments fitted by a circle and by a corner)', () => {
  it('tells the simulator’s cylinders and spheres from its boxes at the stand-off, and measures a cylinder’s radius', () => {
    const seen: Record<string, number> = { box: 0, cylinder: 0, sphere: 0 };
    for (let i = 0; i < 40 && Object.values(seen).some((n) => n < 3); i++) {
      const task = generateTask('train', 5000 + i);
      for (const o of task.objects) {
        if (seen[o.shape] >= 3) continue;
        const scan = scanFacing(task, o, 0.55);
        if (!scan) continue;
        const { segments, segmentOf } = scanSegments(scan);
        const ahead = segmentOf[Math.round(-scan.angle_min / scan.angle_increment)];
        expect(ahead, `${o.name}: a segment straight ahead`).toBeGreaterThanOrEqual(0);
        const s = segments[ahead];
        if (o.shape === 'box') expect(s.roundness, `${o.name} (box) reads cornered/flat`).toBeLessThan(0);
        else expect(s.roundness, `${o.name} (${o.shape}) reads round`).toBeGreaterThan(5);
        if (o.shape === 'cylinder') expect(1 / s.curvature).toBeCloseTo(o.radius, 1);
        seen[o.shape]++;
      }
    }
    expect(seen).toEqual({ box: 3, cylinder: 3, sphere: 3 });
  });

  it('cuts at invalid returns and range jumps; too few beams make no segment', () => {
    const n = 360, inc = (2 * Math.PI) / n;
    const ranges = new Float32Array(n).fill(Number.POSITIVE_INFINITY);
    for (let i = 150; i < 165; i++) ranges[i] = 2; // 15 beams at 2 m
    ranges[157] = Number.NaN; // a dropout splits them
    for (let i = 165; i < 180; i++) ranges[i] = 4; // a jump: another segment
    for (let i = 200; i < 203; i++) ranges[i] = 1; // 3 beams: none
    const scan: sensor_msgs.LaserScan = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI - inc, angle_increment: inc, time_increment: 0, scan_time: 0.1, range_min: 0.12, range_max: 12, ranges, intensities: new Float32Array(0) };
    const { segments, segmentOf } = scanSegments(scan);
    expect(segments.map((s) => [s.first, s.last])).toEqual([[150, 156], [158, 164], [165, 179]]);
    expect(segmentOf[201]).toBe(-1);
    // as column features: zeros where no segment, the segment's values where one is hit
    const c = DEFAULT_PREPROCESS;
    const l = sampleScan(c, scan);
    const L = lidarPerColumn(c), o = c.lidarSamples + c.shapeSamples;
    const col = Math.round(bearingColumn(c, -Math.PI + 172 * inc));
    expect(l[col * L + o + 2]).toBeGreaterThan(0); // width of the 4 m segment
    const empty = Math.round(bearingColumn(c, -Math.PI + 201 * inc));
    expect([...l.subarray(empty * L + o, empty * L + o + 3)]).toEqual([0, 0, 0]);
  });
});
