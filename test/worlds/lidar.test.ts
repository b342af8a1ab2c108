// The real worlds in the simulator: each loads, the robot spawns in free space (checked against the
// reference), and at 20 or more poses per world the lidar's ranges match a reference computed independently
// from libsdformat's poses and ignition-common's mesh triangles (test/worlds/reference.ts): within the
// sensor's noise with noise on, to float32 precision with noise off.
import { describe, expect, it } from 'vitest';
import { loadWorld, Simulator } from '@navstack/sim';
import { Rng } from '@navstack/math';
import { oracleUnavailable, runOracle } from '../oracle/oracle.ts';
import { fixtureEnv, FIXTURES_MISSING, REAL_WORLDS } from './fixtures.ts';
import { ReferenceScene } from './reference.ts';

const unavailable = oracleUnavailable() ?? FIXTURES_MISSING;
const POSES = 20;

describe.skipIf(unavailable)(`real worlds in the simulator against the reference${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  for (const w of REAL_WORLDS) {
    it(`${w.name}: spawns in free space and the lidar matches the reference at ${POSES} poses`, () => {
      const { world } = loadWorld(w.file, { resourcePaths: w.resourcePaths, env: fixtureEnv(w) });
      const oracle = runOracle(w.file, w.resourcePaths, w.fuelCache);
      const noisy = new Simulator({ world, seed: 7, start: { x: 0, y: 0, yaw: 0 } });
      const exact = new Simulator({ world, seed: 7, start: { x: 0, y: 0, yaw: 0 }, noise: false });
      const robot = noisy.robot;
      const lidar = noisy.lidar.config;
      const sigma = lidar.noiseStddev;
      expect(sigma).toBeGreaterThan(0);

      // the reference's view of the robot's body band (for free space) and of the lidar's plane
      const collisions = new ReferenceScene(oracle, 'collision');
      const bodyHeights = [robot.bodyMinZ + 0.01, (robot.bodyMinZ + robot.bodyMaxZ) / 2, robot.bodyMaxZ - 0.01].map((z) => ({ z, scene: collisions.atHeight(z) }));
      const lidarZ = noisy.lidarPose().z;
      const visuals = new ReferenceScene(oracle, 'visual').atHeight(lidarZ);

      const rng = new Rng(11);
      const poses: { x: number; y: number; yaw: number }[] = [];
      for (let tries = 0; poses.length < POSES && tries < 3000; tries++) {
        const x = w.spawn.minX + rng.next() * (w.spawn.maxX - w.spawn.minX);
        const y = w.spawn.minY + rng.next() * (w.spawn.maxY - w.spawn.minY);
        if (noisy.isColliding(x, y) || noisy.clearance(x, y) < 0.05) continue;
        // free by the reference too: nothing within the robot's radius at three heights of its body
        const free = bodyHeights.every(({ z, scene }) => {
          for (let k = 0; k < 36; k++) {
            const a = (k / 36) * 2 * Math.PI;
            if (scene.cast([x, y, z], [Math.cos(a), Math.sin(a), 0], robot.radius).t <= robot.radius) return false;
          }
          return true;
        });
        expect(free, `(${x.toFixed(2)}, ${y.toFixed(2)}): the simulator says free, the reference finds an obstacle within the robot's radius`).toBe(true);
        poses.push({ x, y, yaw: rng.next() * 2 * Math.PI - Math.PI });
      }
      expect(poses.length).toBe(POSES);

      const errors: number[] = [];
      let hits = 0;
      for (const start of poses) {
        noisy.reset({ start });
        exact.reset({ start });
        const withNoise = noisy.scan().ranges;
        const noNoise = exact.scan().ranges;
        const p = noisy.lidarPose();
        for (let i = 0; i < lidar.samples; i++) {
          const a = p.yaw + lidar.minAngle + i * noisy.lidar.increment;
          const ref = visuals.cast([p.x, p.y, p.z], [Math.cos(a), Math.sin(a), 0]);
          const where = `${w.name} at (${start.x.toFixed(3)}, ${start.y.toFixed(3)}, ${start.yaw.toFixed(3)}) beam ${i}: reference ${ref.t} (${ref.label})`;
          // beams whose true range is within the noise of a range limit may legitimately land either side
          if (Math.abs(ref.t - lidar.rangeMax) < 6 * sigma || Math.abs(ref.t - lidar.rangeMin) < 6 * sigma) continue;
          if (ref.t > lidar.rangeMax) {
            expect(noNoise[i], where).toBe(Infinity);
            expect(withNoise[i], where).toBe(Infinity);
            continue;
          }
          if (ref.t < lidar.rangeMin) {
            expect(noNoise[i], where).toBe(-Infinity);
            continue;
          }
          hits++;
          // exact up to the float32 the simulator keeps mesh vertices in
          expect(Math.abs(noNoise[i]! - ref.t), `${where}, simulator ${noNoise[i]}`).toBeLessThan(2e-4);
          expect(Math.abs(withNoise[i]! - ref.t), `${where}, simulator with noise ${withNoise[i]}`).toBeLessThan(5 * sigma);
          errors.push(withNoise[i]! - ref.t);
        }
      }
      if (hits > 100) {
        // the noise is the sensor's: zero mean, the description's standard deviation
        const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
        const sd = Math.sqrt(errors.reduce((s, e) => s + (e - mean) ** 2, 0) / errors.length);
        expect(Math.abs(mean)).toBeLessThan((4 * sigma) / Math.sqrt(errors.length));
        expect(sd / sigma).toBeGreaterThan(0.9);
        expect(sd / sigma).toBeLessThan(1.1);
      }
      // worlds with walls must give the lidar something to see
      if (!/empty|default/.test(w.name)) expect(hits).toBeGreaterThan(POSES * 50);
    });
  }
});
