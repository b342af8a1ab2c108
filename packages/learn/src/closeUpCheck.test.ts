/** policy's close-up check on real simulator frames (the office world): what it says in front of the right object and of look-alikes. */
import { describe, expect, it } from 'vitest';
import { closeUpCheck } from '@navstack/policy';
import { Simulator, distanceToObject, loadWorldFile, type World, type WorldObject } from '@navstack/sim';
import { REPO_ROOT } from './paths.ts';

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
});
