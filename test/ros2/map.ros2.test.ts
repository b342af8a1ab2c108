// map_from_world as the ROS 2 package installs it (Gazebo, a lab robot): its latched static map reaches a ROS 2
// subscriber that joins later, as the navigator's `map` subscription on the ros2 backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkspace, echoOnce, Proc, REPO } from './harness.ts';

describe('ros2 run navstack map_from_world', () => {
  let ws: string;
  const procs: Proc[] = [];
  beforeAll(async () => {
    ws = await buildWorkspace();
  });
  afterAll(() => procs.forEach((p) => p.kill()));

  it("publishes an SDF world's static map on /map, latched, in frame map", async () => {
    const p = new Proc(`ros2 run navstack map_from_world --ros-args -p world:=${REPO}/worlds/maze.sdf`, { ws });
    procs.push(p);
    await p.waitFor(/static map of world 'maze' on map: 254x254 cells at 0.05 m, frame map/, 60_000);
    const latched = '--qos-durability transient_local --qos-reliability reliable';
    expect(await echoOnce('/map', `${latched} --field header.frame_id`)).toMatch(/^map$/m);
    const info = await echoOnce('/map', `${latched} --field info`);
    expect(info).toMatch(/resolution: 0.05/);
    expect(info).toMatch(/width: 254\s+height: 254/);
  });
});
