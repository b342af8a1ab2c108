// Lidar ranges against analytic distances; the camera sees a coloured box where geometry says.
import { describe, expect, it } from 'vitest';
import { parseWorld } from './sdf.ts';
import { Simulator } from './Simulator.ts';
import type { World } from './types.ts';

function worldOf(models: string): World {
  return parseWorld(
    `<sdf version="1.9"><world name="t">
      <model name="ground"><static>true</static><link name="l"><collision name="c"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry></collision>
        <visual name="v"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry><material><diffuse>0.6 0.6 0.6 1</diffuse></material></visual></link></model>
      ${models}</world></sdf>`,
    't.sdf',
    { onWarning: () => {}, env: {} },
  );
}

const shape = (name: string, pose: string, geometry: string, color = '1 0 0 1') =>
  `<model name="${name}"><static>true</static><pose>${pose}</pose><link name="l">
     <collision name="c"><geometry>${geometry}</geometry></collision>
     <visual name="v"><geometry>${geometry}</geometry><material><diffuse>${color}</diffuse></material></visual></link></model>`;

/** Beam index whose angle is `a` for the bundled robot's lidar (-pi .. pi, 1 degree). */
const beam = (sim: Simulator, a: number) => Math.round((a - sim.lidar.config.minAngle) / sim.lidar.increment);
const angleOf = (sim: Simulator, i: number) => sim.lidar.config.minAngle + i * sim.lidar.increment;

describe('lidar', () => {
  const world = worldOf(
    [
      shape('box', '3 0 0.5 0 0 0', '<box><size>1 1 1</size></box>'),
      shape('cyl', '0 2 0.5 0 0 0', '<cylinder><radius>0.5</radius><length>1</length></cylinder>'),
      shape('ball', '-2 0 0.2 0 0 0', '<sphere><radius>0.3</radius></sphere>'),
      shape('high_ball', '-2 2 1.5 0 0 0', '<sphere><radius>0.3</radius></sphere>'),
      // a box lying on its side (rolled 90 degrees): a vertical prism after an axis swap
      shape('plank', '0 -3 0.2 1.5707963267948966 0 0', '<box><size>1 0.2 2</size></box>'),
    ].join('\n'),
  );
  const sim = new Simulator({ world, seed: 3, start: { x: 0, y: 0, yaw: 0 }, noise: false });
  const scan = sim.scan();

  it('has the description geometry and frame', () => {
    expect(scan.ranges).toHaveLength(360);
    expect(scan.header.frame_id).toBe('laser');
    expect(scan.angle_increment).toBeCloseTo((2 * Math.PI) / 360, 9);
    expect(scan.range_max).toBe(12);
    expect(scan.scan_time).toBeCloseTo(0.1);
  });

  it('matches analytic distances to a box, a cylinder and a sphere', () => {
    expect(scan.ranges[beam(sim, 0)]).toBeCloseTo(2.5, 5);
    expect(scan.ranges[beam(sim, Math.PI / 2)]).toBeCloseTo(1.5, 5);
    expect(scan.ranges[beam(sim, -Math.PI)]).toBeCloseTo(1.7, 5);
    expect(scan.ranges[beam(sim, -Math.PI / 2)]).toBeCloseTo(2.0, 5); // plank face at y = -2
    // every beam that meets the box's front face
    let checked = 0;
    for (let i = 0; i < 360; i++) {
      const a = angleOf(sim, i);
      if (Math.abs(a) < Math.PI / 2 && Math.abs(2.5 * Math.tan(a)) < 0.49) {
        expect(scan.ranges[i]).toBeCloseTo(2.5 / Math.cos(a), 5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // and the cylinder, by ray-circle intersection
    for (let i = 0; i < 360; i++) {
      const a = angleOf(sim, i);
      const b = 2 * Math.sin(a);
      const disc = b * b - (4 - 0.25);
      if (disc > 0.01 && b > 0) expect(scan.ranges[i]).toBeCloseTo(b - Math.sqrt(disc), 5);
    }
  });

  it('reports no return as +Infinity and ignores shapes above the scan plane', () => {
    const i = beam(sim, Math.atan2(2, -2)); // towards high_ball
    expect(scan.ranges[i]).toBe(Infinity);
  });

  it('sees tilted (general) shapes', () => {
    const w = worldOf(shape('tilted', '3 0 0.2 0.7853981633974483 0 0', '<box><size>1 1 1</size></box>'));
    const s = new Simulator({ world: w, seed: 0, start: { x: 0, y: 0, yaw: 0 }, noise: false }).scan();
    // rolled 45 degrees about x: still a 1 m deep slab in x
    expect(s.ranges[180]).toBeCloseTo(2.5, 5);
    const w2 = worldOf(shape('tilted', '0 3 0.2 0.7853981633974483 0 0', '<box><size>1 1 1</size></box>'));
    const s2 = new Simulator({ world: w2, seed: 0, start: { x: 0, y: 0, yaw: 0 }, noise: false }).scan();
    // seen edge-on along y: the diamond's corner is at 3 - sqrt(0.5)
    expect(s2.ranges[270]).toBeCloseTo(3 - Math.SQRT1_2, 5);
  });

  it('turns with the robot', () => {
    const s = new Simulator({ world, seed: 0, start: { x: 0, y: 0, yaw: Math.PI / 2 }, noise: false }).scan();
    expect(s.ranges[beam(sim, 0)]).toBeCloseTo(1.5, 5); // the cylinder is now straight ahead
    expect(s.ranges[beam(sim, -Math.PI / 2)]).toBeCloseTo(2.5, 5); // the box is on the right
  });

  it('adds Gaussian noise with the described standard deviation', () => {
    const noisy = new Simulator({ world, seed: 11, start: { x: 0, y: 0, yaw: 0 } });
    const errors: number[] = [];
    for (let k = 0; k < 50; k++) {
      const s = noisy.scan();
      for (let i = 0; i < 360; i++) if (Number.isFinite(scan.ranges[i])) errors.push(s.ranges[i] - scan.ranges[i]);
    }
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const sd = Math.sqrt(errors.reduce((a, b) => a + (b - mean) ** 2, 0) / errors.length);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(sd).toBeGreaterThan(0.009);
    expect(sd).toBeLessThan(0.011);
    expect(Math.max(...errors.map(Math.abs))).toBeLessThan(0.06);
  });
});

describe('camera', () => {
  const isRed = (d: Uint8Array, i: number) => d[i] > 80 && d[i + 1] < 40 && d[i + 2] < 40;

  it('sees a red box where the pinhole projection puts it', () => {
    const sim = new Simulator({ world: worldOf(shape('box', '3 0 0.5 0 0 0', '<box><size>1 1 1</size></box>')), seed: 0, start: { x: 0, y: 0, yaw: 0 } });
    const img = sim.cameraImage();
    expect(img).toMatchObject({ width: 64, height: 48, encoding: 'rgb8', step: 192, is_bigendian: 0 });
    expect(img.header.frame_id).toBe('camera_link');
    const { width: W, height: H, data } = img;
    const cam = sim.camera.config.pose; // x 0.15, z 0.25
    const fx = sim.camera.fx;
    const depth = 2.5 - cam.x;
    // expected columns and rows of the front face (pixel centres)
    const uLeft = W / 2 - 0.5 - (fx * 0.5) / depth, uRight = W / 2 - 0.5 + (fx * 0.5) / depth;
    const vTop = H / 2 - 0.5 - (fx * (1 - cam.z)) / depth, vBottom = H / 2 - 0.5 + (fx * cam.z) / depth;
    const row = Math.round((vTop + vBottom) / 2);
    const reds: number[] = [];
    for (let u = 0; u < W; u++) if (isRed(data, (row * W + u) * 3)) reds.push(u);
    expect(reds[0]).toBe(Math.ceil(uLeft));
    expect(reds[reds.length - 1]).toBe(Math.floor(uRight));
    expect(reds.length).toBe(Math.floor(uRight) - Math.ceil(uLeft) + 1);
    const col = 31;
    const redRows: number[] = [];
    for (let v = 0; v < H; v++) if (isRed(data, (v * W + col) * 3)) redRows.push(v);
    expect(redRows[0]).toBe(Math.ceil(vTop));
    expect(redRows[redRows.length - 1]).toBe(Math.floor(vBottom));
    // above: sky (bluish); below: floor (grey)
    const sky = (2 * W + col) * 3, floor = ((H - 2) * W + col) * 3;
    expect(data[sky + 2]).toBeGreaterThan(data[sky]);
    expect(Math.abs(data[floor] - data[floor + 1])).toBeLessThan(3);
  });

  it('puts a box on the left of the robot in the left of the image, and sees it turn', () => {
    const world = worldOf(shape('green', '3 1.2 0.3 0 0 0', '<box><size>0.6 0.6 0.6</size></box>', '0 1 0 1'));
    const sim = new Simulator({ world, seed: 0, start: { x: 0, y: 0, yaw: 0 } });
    const centroid = (img: { data: Uint8Array; width: number; height: number }) => {
      let sum = 0, n = 0;
      for (let i = 0; i < img.width * img.height; i++) {
        const o = i * 3;
        if (img.data[o + 1] > 80 && img.data[o] < 40) {
          sum += i % img.width;
          n++;
        }
      }
      return n ? sum / n : NaN;
    };
    const left = centroid(sim.cameraImage());
    expect(left).toBeLessThan(20);
    sim.reset({ start: { x: 0, y: 0, yaw: Math.atan2(1.2, 3 - 0.15) } });
    expect(Math.abs(centroid(sim.cameraImage()) - 31.5)).toBeLessThan(2);
  });

  it('renders cylinders, spheres and tilted shapes, nearer in front of farther', () => {
    const world = worldOf(
      [
        shape('far_wall', '6 0 1 0 0 0', '<box><size>0.2 8 2</size></box>', '0 0 1 1'),
        shape('cyl', '3 0.6 0.5 0 0 0', '<cylinder><radius>0.3</radius><length>1</length></cylinder>', '1 1 0 1'),
        shape('ball', '3 -0.6 0.3 0 0 0', '<sphere><radius>0.3</radius></sphere>', '1 0 0 1'),
        shape('tilt', '4 0 0.25 0.5 0.3 0 ', '<box><size>0.3 0.3 0.3</size></box>', '0 1 0 1'),
      ].join('\n'),
    );
    const img = new Simulator({ world, seed: 0, start: { x: 0, y: 0, yaw: 0 }, camera: { width: 160, height: 120 } }).cameraImage();
    const px = (u: number, v: number) => Array.from(img.data.subarray((v * 160 + u) * 3, (v * 160 + u) * 3 + 3));
    const fx = 80 / Math.tan(1.047198 / 2);
    const col = (y: number, x: number) => Math.round(79.5 - (fx * y) / (x - 0.15));
    const rowAt = (z: number, x: number) => Math.round(59.5 - (fx * (z - 0.25)) / (x - 0.15));
    const yellow = px(col(0.6, 2.7), rowAt(0.5, 2.7));
    expect(yellow[0]).toBeGreaterThan(80);
    expect(yellow[1]).toBeGreaterThan(80);
    expect(yellow[2]).toBeLessThan(40);
    const red = px(col(-0.6, 2.7), rowAt(0.3, 2.7));
    expect(red[0]).toBeGreaterThan(80);
    expect(red[1]).toBeLessThan(40);
    const green = px(col(0, 3.85), rowAt(0.25, 3.85));
    expect(green[1]).toBeGreaterThan(80);
    expect(green[0]).toBeLessThan(40);
    const blue = px(col(-2.5, 5.9), rowAt(1.5, 5.9));
    expect(blue[2]).toBeGreaterThan(80);
    expect(blue[0]).toBeLessThan(40);
  });
});
