/** Lidar shape evidence per landmark shape and distance (validation worlds): how well scanSegments separates round from box. */
import { distanceToObject } from '@navstack/sim';
import { scanSegments } from '@navstack/policy';
import { createSimulator } from '../src/world/simFactory.ts';
import { generateTask } from '../src/world/scenario.ts';
const n = Number(process.argv[2] ?? 60);
const rows: Record<string, number[][]> = {};
for (let i = 0; i < n; i++) {
  const task = generateTask(i % 2 ? 'heldout' : 'train', 5000 + i);
  const sim = createSimulator(task, i);
  for (const o of task.objects) {
    for (const surf of [0.55, 1.0, 2.0, 3.5]) {
      for (let t = 0; t < 8; t++) {
        const a = (t / 8) * 2 * Math.PI + i;
        // walk out along a until the surface distance is surf
        let d = o.radius;
        while (distanceToObject(o, o.x + d * Math.cos(a), o.y + d * Math.sin(a)) < surf + 0.2 && d < 6) d += 0.02;
        const x = o.x + d * Math.cos(a), y = o.y + d * Math.sin(a);
        if (sim.isColliding(x, y)) continue;
        sim.reset({ start: { x, y, yaw: a + Math.PI } });
        const scan = sim.scan();
        const { segments, segmentOf } = scanSegments(scan);
        const i0 = Math.round((0 - scan.angle_min) / scan.angle_increment);
        const s = segmentOf[i0] >= 0 ? segments[segmentOf[i0]] : undefined;
        if (!s) continue;
        const key = `${o.shape}-${o.size}-${surf}`;
        (rows[key] ??= []).push([s.roundness, s.curvature, s.points, s.width]);
        break;
      }
    }
  }
}
const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(p * (s.length - 1))]; };
for (const k of Object.keys(rows).sort()) {
  const r = rows[k];
  const col = (j: number) => r.map((x) => x[j]);
  console.log(k.padEnd(22), 'n', String(r.length).padStart(3), 'round p10/50/90', [0.1, 0.5, 0.9].map((p) => q(col(0), p).toFixed(0)).join('/').padEnd(16), 'curv', [0.1, 0.5, 0.9].map((p) => q(col(1), p).toFixed(1)).join('/'), 'pts', q(col(2), 0.5), 'w', q(col(3), 0.5).toFixed(2));
}
