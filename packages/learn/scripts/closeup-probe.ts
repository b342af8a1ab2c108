/**
 * The close-up check (colour and shape, closeUpCheck.ts) on every landmark of the hand-built and bundled worlds and
 * of 30 generated held-out worlds, from 12 directions at 0.5-0.95 m from its boundary: its verdicts for the
 * landmark's own attributes (should never be 'no'; the verdict, as arrival reads it, 'yes' nearly always), for another
 * colour (should be 'no') and the verdict for another shape (should never be 'yes').
 *   npx tsx packages/learn/scripts/closeup-probe.ts [LIDAR_NOISE_M] [shift] [variety]
 * `shift` also applies the sensor-shift suites' camera (exposure 0.7 or 1.3, white balance +-10%, pixel noise 0.02;
 * test/suites/handbuilt-shift.json) to every view; `variety` generates the 30 worlds with landmarks in varied shades
 * and sizes (as `navstack record --landmark-variety`).
 */
import { SHARP_SCAN_NOISE, StillScans, closeUpCheck, closeUpVerdict, type Attributes } from '@navstack/policy';
import { Simulator, distanceToObject, generateScenario, loadWorldFile, type World } from '@navstack/sim';
import { z } from 'zod';
import { Rng } from '@navstack/math';
import { shiftEnvelope, varyImage } from '../src/data/sensorVariation.ts';
import { REPO_ROOT } from '../src/paths.ts';

/** Lidar range noise (m): the bundled lidar's 0.01 by default; `closeup-probe.ts 0.03` for a noisier one. */
const NOISE = z.coerce.number().min(0).max(0.5).parse(process.argv[2] ?? 0.01);
const flags = z.array(z.enum(['shift', 'variety'])).parse(process.argv.slice(3));
const CAMERA_SHIFT = flags.includes('shift') ? { exposure: [0.7, 1.3], whiteBalance: 0.1, pixelNoise: 0.02 } : undefined;
const rng = new Rng(7);
/** One scan; on a lidar noisier than SHARP_SCAN_NOISE the median of 12 from the pose, as policy_node combines them. */
function stillScan(sim: Simulator) {
  if (NOISE <= SHARP_SCAN_NOISE) return sim.scan();
  const still = new StillScans(12);
  for (let i = 0; i < 12; i++) still.add(sim.scan(), sim.pose());
  return still.combined()!;
}
const names = ['office', 'apartment', 'classroom', 'workshop', 'empty_room', 'maze', 'warehouse', 'lab', 'corridor', 'storage'];
const worlds: World[] = names.map((w) => loadWorldFile(`${REPO_ROOT}/worlds/${w}.sdf`, { onWarning: () => {} }));
for (let s = 0; s < 30; s++) worlds.push(generateScenario(1_000_000 + s * 7, { landmarkVariety: flags.includes('variety') }).world);
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
      const scan = stillScan(sim), hfov = sim.robot.camera.hfov;
      if (Math.min(...Array.from(scan.ranges).filter(Number.isFinite)) < 0.3) continue; // standing in something else
      const image = CAMERA_SHIFT ? varyImage(sim.cameraImage(), rng, shiftEnvelope(CAMERA_SHIFT, rng)) : sim.cameraImage();
      const own = closeUpCheck(scan, image, { color: o.color, shape: o.shape }, hfov);
      bump(`own colour: ${own.colour}`);
      bump(`own shape (${o.shape}): ${own.shape}`);
      bump(`own verdict (${o.shape}): ${closeUpVerdict(own, { color: o.color, shape: o.shape })}`);
      for (const c of ['red', 'green', 'blue', 'yellow']) if (c !== o.color) bump(`another colour: ${closeUpCheck(scan, image, { color: c, shape: o.shape }, hfov).colour}`);
      const other = { color: o.color, shape: OTHER_SHAPE[o.shape] };
      bump(`a ${o.shape} asked for as a ${other.shape}, verdict: ${closeUpVerdict(closeUpCheck(scan, image, other, hfov), other)}`);
    }
  }
for (const k of Object.keys(counts).sort()) console.log(`${k.padEnd(40)} ${counts[k]}`);
