/** policy's close-up check on real simulator frames (the office world): what it says in front of the right object and of look-alikes. */
import { describe, expect, it } from 'vitest';
import { Rng } from '@navstack/math';
import { StillScans, closeUpCheck, closeUpVerdict, type Attributes } from '@navstack/policy';
import { Simulator, distanceToObject, loadWorldFile, type World, type WorldObject } from '@navstack/sim';
import { shiftEnvelope, varyImage } from './data/sensorVariation.ts';
import { REPO_ROOT } from './paths.ts';
import { absentTask } from './world/suites.ts';
import { taskWorld } from './world/simFactory.ts';

const world = loadWorldFile(`${REPO_ROOT}/worlds/office.sdf`, { onWarning: () => {} });

/** Frames from `standoff` m in front of an object's boundary, facing it, approaching from direction `a`. */
function facing(w: World, o: { x: number; y: number } & Partial<WorldObject>, a: number, standoff = 0.55) {
  let d = 1;
  if (o.footprint) for (let i = 0; i < 20; i++) d += standoff - distanceToObject(o as WorldObject, o.x + d * Math.cos(a), o.y + d * Math.sin(a));
  const sim = new Simulator({ world: w, seed: 3, start: { x: o.x + d * Math.cos(a), y: o.y + d * Math.sin(a), yaw: a + Math.PI }, physicsHz: 20 });
  return { scan: sim.scan(), image: sim.cameraImage(), hfov: sim.robot.camera.hfov };
}

describe('the close-up check before "arrived"', () => {
  const obj = (name: string) => world.objects.find((o) => o.name === name)!;

  it('confirms the named object: the red box is red and cornered', () => {
    const f = facing(world, obj('red_box'), -Math.PI / 2);
    const c = closeUpCheck(f.scan, f.image, { color: 'red', shape: 'box' }, f.hfov);
    expect(c.colour).toBe('yes');
    expect(c.shape).toBe('yes');
  });

  it('rejects a brown desk asked for as "the red box", and the red cylinder asked for as a box', () => {
    const desk = facing(world, { x: 0, y: 2.2 }, -Math.PI / 2); // desk_2's long side, from the south
    expect(closeUpCheck(desk.scan, desk.image, { color: 'red', shape: 'box' }, desk.hfov).colour).toBe('no');
    const cyl = facing(world, obj('red_cylinder'), -Math.PI / 2);
    const c = closeUpCheck(cyl.scan, cyl.image, { color: 'red', shape: 'box' }, cyl.hfov);
    expect(c.colour).toBe('yes');
    expect(c.shape).toBe('no');
  });

  it('tells a sphere from a cylinder by the silhouette (both are circles to the lidar)', () => {
    for (const so of [0.55, 0.8]) {
      const sphere = facing(world, obj('yellow_sphere'), -Math.PI / 2, so);
      expect(closeUpCheck(sphere.scan, sphere.image, { color: 'yellow', shape: 'sphere' }, sphere.hfov).shape).toBe('yes');
      expect(closeUpCheck(sphere.scan, sphere.image, { color: 'yellow', shape: 'cylinder' }, sphere.hfov).shape).toBe('no');
      const cyl = facing(world, obj('green_cylinder'), Math.PI / 2, so);
      expect(closeUpCheck(cyl.scan, cyl.image, { color: 'green', shape: 'cylinder' }, cyl.hfov).shape).toBe('yes');
      expect(closeUpCheck(cyl.scan, cyl.image, { color: 'green', shape: 'sphere' }, cyl.hfov).shape).toBe('no');
    }
  });

  it('does not confirm the small lemon cylinder asked for as "the yellow box" (apartment)', () => {
    // where the fine-tuned model's search stopped in the hand-built suite (task 21): round-ish, unclear evidence
    const apartment = loadWorldFile(`${REPO_ROOT}/worlds/apartment.sdf`, { onWarning: () => {} });
    const target = { color: 'yellow', shape: 'box' } as const;
    const verdicts = Array.from({ length: 12 }, (_, seed) => {
      const sim = new Simulator({ world: apartment, seed, start: { x: 1.558, y: -0.134, yaw: 1.223 }, physicsHz: 20 });
      return closeUpVerdict(closeUpCheck(sim.scan(), sim.cameraImage(), target, sim.robot.camera.hfov), target);
    });
    expect(verdicts.filter((v) => v === 'yes').length).toBeLessThanOrEqual(1);
  });

  // where searches for objects that were not there stopped ("arrived") before the close-up check weighed unclear
  // shapes: the absent suite's task, the pose, what was asked for, and what stood there
  const ABSENT_LOOKALIKES = [
    { task: 14, pose: { x: 1.6, y: -0.38, yaw: -2.656 }, target: { color: 'blue', shape: 'cylinder' }, was: 'a blue box at a slant' },
    { task: 4, pose: { x: 0.437, y: 1.725, yaw: 0.147 }, target: { color: 'blue', shape: 'cylinder' }, was: 'a large blue sphere close up' },
    { task: 144, pose: { x: -1.718, y: 1.592, yaw: -1.737 }, target: { color: 'yellow', shape: 'sphere' }, was: 'a large yellow cylinder beside a red one' },
    { task: 162, pose: { x: 2.193, y: 0.729, yaw: 0.249 }, target: { color: 'green', shape: 'cylinder' }, was: 'a small green box' },
  ] as const;
  for (const c of ABSENT_LOOKALIKES)
    it(`does not confirm ${c.was} asked for as a ${c.target.color} ${c.target.shape} (absent suite, task ${c.task})`, () => {
      // twelve frames from there (the lidar's noise differs): the colour is right, the shape's evidence is not
      const world = taskWorld(absentTask(c.task)).world;
      const verdicts = Array.from({ length: 12 }, (_, seed) => {
        const sim = new Simulator({ world, seed, start: c.pose, physicsHz: 20 });
        const r = closeUpCheck(sim.scan(), sim.cameraImage(), c.target, sim.robot.camera.hfov);
        expect(r.colour).toBe('yes');
        return closeUpVerdict(r, c.target);
      });
      expect(verdicts.filter((v) => v === 'yes').length).toBeLessThanOrEqual(1);
    });

  it('confirms the round landmarks asked for by their own shape', () => {
    for (const [name, a] of [['red_cylinder', -Math.PI / 2], ['green_cylinder', Math.PI / 2], ['yellow_sphere', -Math.PI / 2]] as const) {
      const o = obj(name);
      for (const so of [0.55, 0.75, 0.95]) {
        const f = facing(world, o, a, so);
        expect(closeUpVerdict(closeUpCheck(f.scan, f.image, { color: o.color, shape: o.shape }, f.hfov), { color: o.color, shape: o.shape })).toBe('yes');
      }
    }
  });

  describe('on the sensor-shift suites\' sensors (lidar 0.03 m, exposure 0.7 or 1.3, white balance, pixel noise)', () => {
    const shift = { exposure: [0.7, 1.3], whiteBalance: 0.1, pixelNoise: 0.02 };
    /** The close-up verdict at `pose` from the shifted camera and `scans` scans of a 0.03 m lidar combined where the robot stands. */
    function verdict(w: World, pose: { x: number; y: number; yaw: number }, target: Attributes, seed: number, scans: number) {
      const sim = new Simulator({ world: w, seed, start: pose, physicsHz: 20, lidar: { noiseStddev: 0.03 } });
      const rng = new Rng(seed);
      const image = varyImage(sim.cameraImage(), rng, shiftEnvelope(shift, rng));
      const still = new StillScans(scans);
      for (let i = 0; i < scans; i++) still.add(sim.scan(), sim.pose());
      return closeUpVerdict(closeUpCheck(still.combined()!, image, target, sim.robot.camera.hfov), target);
    }

    it('confirms the small lemon cylinder from every side (apartment; its silhouette read as a sphere through pixel noise)', () => {
      const apartment = loadWorldFile(`${REPO_ROOT}/worlds/apartment.sdf`, { onWarning: () => {} });
      const o = apartment.objects.find((x) => x.name === 'yellow_cylinder')!;
      const verdicts = Array.from({ length: 12 }, (_, k) => {
        const a = (k / 12) * 2 * Math.PI, d = o.radius + 0.75;
        return verdict(apartment, { x: o.x + d * Math.cos(a), y: o.y + d * Math.sin(a), yaw: a + Math.PI }, { color: 'yellow', shape: 'cylinder' }, k, 12);
      });
      expect(verdicts).not.toContain('no');
      expect(verdicts.filter((v) => v === 'yes').length).toBeGreaterThanOrEqual(10);
    });

    it('does not read the pink bed as red through a warmer white balance (apartment, where the shifted run arrived)', () => {
      const apartment = loadWorldFile(`${REPO_ROOT}/worlds/apartment.sdf`, { onWarning: () => {} });
      const target = { color: 'red', shape: 'box' } as const;
      const verdicts = Array.from({ length: 40 }, (_, seed) => verdict(apartment, { x: 7.302, y: -0.988, yaw: -1.431 }, target, seed, 1));
      expect(verdicts).not.toContain('yes');
    });

    it('tells the red box from a cylinder once the scans where the robot stands are combined (empty_room, where the shifted run arrived)', () => {
      const room = loadWorldFile(`${REPO_ROOT}/worlds/empty_room.sdf`, { onWarning: () => {} });
      const pose = { x: 1.498, y: 2.111, yaw: 0.039 }, target = { color: 'red', shape: 'cylinder' } as const;
      const one = Array.from({ length: 12 }, (_, seed) => verdict(room, pose, target, seed, 1));
      const twelve = Array.from({ length: 12 }, (_, seed) => verdict(room, pose, target, seed, 12));
      expect(twelve.every((v) => v === 'no')).toBe(true);
      expect(one.filter((v) => v === 'no').length).toBeLessThan(12); // one scan alone is often unclear
    });
  });
});

