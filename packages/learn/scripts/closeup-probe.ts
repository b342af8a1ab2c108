/**
 * The close-up check (colour and shape, closeUpCheck.ts) on every landmark of the hand-built and bundled worlds and
 * of 30 generated held-out worlds, from 12 directions at 0.5-0.95 m from its boundary: its verdicts for the
 * landmark's own attributes (should never be 'no'; the verdict, as arrival reads it, 'yes' nearly always) and for another
 * colour or shape (should be 'no').
 *   npx tsx packages/learn/scripts/closeup-probe.ts [LIDAR_NOISE_M]
 */
import { closeUpCheck, closeUpVerdict, type Attributes } from '@navstack/policy';
import { Simulator, distanceToObject, generateScenario, loadWorldFile, type World } from '@navstack/sim';
import { REPO_ROOT } from '../src/paths.ts';

/** Lidar range noise (m): the bundled lidar's 0.01 by default; `closeup-probe.ts 0.03` for a noisier one. */
const NOISE = Number(process.argv[2] ?? 0.01);
const names = ['office', 'apartment', 'classroom', 'workshop', 'empty_room', 'maze', 'warehouse', 'lab', 'corridor', 'storage'];
const worlds: World[] = names.map((w) => loadWorldFile(`${REPO_ROOT}/worlds/${w}.sdf`, { onWarning: () => {} }));
for (let s = 0; s < 30; s++) worlds.push(generateScenario(1_000_000 + s * 7).world);
const counts: Record<string, number> = {};
const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
const OTHER_SHAPE: Record<string, NonNullable<Attributes['shape']>> = { box: 'cylinder', cylinder: 'sphere', sphere: 'cylinder' };
for (const world of worlds)
  for (const o of world.objects) {
    if (!['red', 'green', 'blue', 'yellow'].includes(o.color)) continue;
    for (let k = 0; k < 12; k++) {
      const a = (k / 12) * 2 * Math.PI, standoff = [0.5, 0.65, 0.8, 0.95][k % 4];
      let d = o.radius + standoff;
      for (let i = 0; i < 20; i++) d += standoff - distanceToObject(o, o.x + d * Math.cos(a), o.y + d * Math.sin(a));
      const sim = new Simulator({ world, seed: k, start: { x: o.x + d * Math.cos(a), y: o.y + d * Math.sin(a), yaw: a + Math.PI }, physicsHz: 20, lidar: { noiseStddev: NOISE } });
      const scan = sim.scan(), image = sim.cameraImage(), hfov = sim.robot.camera.hfov;
      if (Math.min(...Array.from(scan.ranges).filter(Number.isFinite)) < 0.3) continue; // standing in something else
      const own = closeUpCheck(scan, image, { color: o.color, shape: o.shape }, hfov);
      bump(`own colour: ${own.colour}`);
      bump(`own shape (${o.shape}): ${own.shape}`);
      bump(`own verdict (${o.shape}): ${closeUpVerdict(own, { color: o.color, shape: o.shape })}`);
      for (const c of ['red', 'green', 'blue', 'yellow']) if (c !== o.color) bump(`another colour: ${closeUpCheck(scan, image, { color: c, shape: o.shape }, hfov).colour}`);
      bump(`a ${o.shape} asked for as a ${OTHER_SHAPE[o.shape]}: ${closeUpCheck(scan, image, { color: o.color, shape: OTHER_SHAPE[o.shape] }, hfov).shape}`);
    }
  }
for (const k of Object.keys(counts).sort()) console.log(`${k.padEnd(40)} ${counts[k]}`);
