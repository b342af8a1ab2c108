// Recording a running ROS 2 system as `ros2 bag record` does: from inside `ros2 launch` (record:=DIR, the
// bag_recorder executable) and from the command line over DDS (navstack bag record --backend ros2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildWorkspace, Proc, REPO, ros2, sleep } from './harness.ts';

describe('bags of a running ROS 2 system', () => {
  let ws: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-bags-'));
  const procs: Proc[] = [];
  beforeAll(async () => {
    ws = await buildWorkspace();
  });
  afterAll(() => procs.forEach((p) => p.kill()));

  it('records the launch (record:=DIR) and, beside it, navstack bag record --backend ros2, with the QoS and type hashes the graph shows', async () => {
    const launch = new Proc(`ros2 launch navstack sim.launch.xml viewer:=false policy:=false record:=${dir}/launch_bag`, { ws });
    procs.push(launch);
    await launch.waitFor(/bag: recording every topic into/, 90_000);
    const cli = new Proc(`node ${REPO}packages/cli/bin/navstack.js bag record --backend ros2 -a -o ${dir}/cli_bag`);
    procs.push(cli);
    await cli.waitFor(/recording every topic into/, 60_000);
    await sleep(6000);
    const info = (await ros2('topic info -v /scan', { ws })).stdout;
    const graphHash = /Topic type hash: (RIHS01_[0-9a-f]{64})/.exec(info)?.[1];
    expect(graphHash).toBeDefined();
    expect(await cli.interrupt()).toBe(0);
    expect(cli.out).toMatch(/cli_bag: \d+ messages on \d+ topics/);
    expect(await launch.interrupt()).toBe(0);

    for (const name of ['launch_bag', 'cli_bag']) {
      const meta = parse(fs.readFileSync(path.join(dir, name, 'metadata.yaml'), 'utf8')).rosbag2_bagfile_information;
      expect(meta.ros_distro).toBe('jazzy');
      expect(fs.existsSync(path.join(dir, name, `${name}_0.mcap`))).toBe(true);
      const topics = Object.fromEntries(meta.topics_with_message_count.map((t: { topic_metadata: { name: string } }) => [t.topic_metadata.name, t]));
      for (const t of ['/scan', '/odom', '/tf', '/clock', '/cmd_vel']) expect(topics[t]?.message_count, `${name} ${t}`).toBeGreaterThan(5);
      expect(topics['/scan'].topic_metadata.type_description_hash).toBe(graphHash);
      // sim_node publishes scans with the sensor-data profile, the world's markers latched: the bag says so.
      expect(topics['/scan'].topic_metadata.offered_qos_profiles[0]).toMatchObject({ reliability: 'best_effort', durability: 'volatile' });
      expect(topics['/world_markers'].topic_metadata.offered_qos_profiles[0]).toMatchObject({ reliability: 'reliable', durability: 'transient_local' });
      expect(topics['/world_markers'].message_count).toBeGreaterThanOrEqual(1);
    }
    const shown = new Proc(`node ${REPO}packages/cli/bin/navstack.js bag info ${dir}/cli_bag`);
    expect(await shown.exited).toBe(0);
    expect(shown.out).toMatch(/Topic: \/scan \| Type: sensor_msgs\/msg\/LaserScan \| Count: \d+ \| Serialization Format: cdr/);
  });
});
