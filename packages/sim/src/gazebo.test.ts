// The Gazebo path cannot run here (no ROS 2, no Gazebo); this checks that its files agree with the
// topic contract and with the robot description the embedded simulator reads.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { isMessageType } from '@navstack/msgs';
import { parseXml, type XmlElement } from '@navstack/xml';
import { DEFAULT_ROBOT_FILE, loadRobotDescription } from './robot.ts';
import { WORLDS_DIR } from './simNode.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BRIDGE = path.join(ROOT, 'config/ros_gz_bridge.yaml');
const LAUNCH = path.join(ROOT, 'launch/gazebo.launch.xml');

/** The topic contract (docs: DESIGN.md) for what the simulator provides, and which way data flows. */
const CONTRACT: Record<string, { type: string; direction: 'GZ_TO_ROS' | 'ROS_TO_GZ' }> = {
  '/clock': { type: 'rosgraph_msgs/msg/Clock', direction: 'GZ_TO_ROS' },
  '/scan': { type: 'sensor_msgs/msg/LaserScan', direction: 'GZ_TO_ROS' },
  '/camera/image_raw': { type: 'sensor_msgs/msg/Image', direction: 'GZ_TO_ROS' },
  '/camera/camera_info': { type: 'sensor_msgs/msg/CameraInfo', direction: 'GZ_TO_ROS' },
  '/odom': { type: 'nav_msgs/msg/Odometry', direction: 'GZ_TO_ROS' },
  '/tf': { type: 'tf2_msgs/msg/TFMessage', direction: 'GZ_TO_ROS' },
  '/cmd_vel': { type: 'geometry_msgs/msg/Twist', direction: 'ROS_TO_GZ' },
};

/** ros_gz_bridge's type pairs (ros_gz_bridge/README). */
const GZ_TYPES: Record<string, string> = {
  'rosgraph_msgs/msg/Clock': 'gz.msgs.Clock',
  'sensor_msgs/msg/LaserScan': 'gz.msgs.LaserScan',
  'sensor_msgs/msg/Image': 'gz.msgs.Image',
  'sensor_msgs/msg/CameraInfo': 'gz.msgs.CameraInfo',
  'nav_msgs/msg/Odometry': 'gz.msgs.Odometry',
  'tf2_msgs/msg/TFMessage': 'gz.msgs.Pose_V',
  'geometry_msgs/msg/Twist': 'gz.msgs.Twist',
};

interface BridgeEntry {
  ros_topic_name: string;
  gz_topic_name: string;
  ros_type_name: string;
  gz_type_name: string;
  direction: string;
}

const entries = parseYaml(fs.readFileSync(BRIDGE, 'utf8')) as BridgeEntry[];
const rootName = (n: string) => (n.startsWith('/') ? n : `/${n}`);

describe('config/ros_gz_bridge.yaml', () => {
  it('is a list of complete bridge entries with known types', () => {
    expect(Array.isArray(entries)).toBe(true);
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['ros_topic_name', 'gz_topic_name', 'ros_type_name', 'gz_type_name', 'direction']));
      expect(isMessageType(e.ros_type_name)).toBe(true);
      expect(GZ_TYPES[e.ros_type_name]).toBe(e.gz_type_name);
      expect(['GZ_TO_ROS', 'ROS_TO_GZ', 'BIDIRECTIONAL']).toContain(e.direction);
    }
  });

  it('maps exactly the contract topics, with their types and directions', () => {
    const got = Object.fromEntries(entries.map((e) => [rootName(e.ros_topic_name), { type: e.ros_type_name, direction: e.direction }]));
    expect(got).toEqual(CONTRACT);
  });

  it('bridges the Gazebo topics the robot description publishes and subscribes', () => {
    const robot = loadRobotDescription();
    const gzFor = (ros: string) => entries.find((e) => rootName(e.ros_topic_name) === ros)!.gz_topic_name;
    expect(gzFor('/scan')).toBe(rootName(robot.lidar.topic));
    expect(gzFor('/camera/image_raw')).toBe(rootName(robot.camera.topic));
    expect(gzFor('/camera/camera_info')).toBe(rootName(robot.camera.infoTopic));
    expect(gzFor('/cmd_vel')).toBe(rootName(robot.drive.cmdTopic));
    expect(gzFor('/odom')).toBe(rootName(robot.drive.odomTopic));
    const sdf = fs.readFileSync(DEFAULT_ROBOT_FILE, 'utf8');
    expect(gzFor('/tf')).toBe(rootName(/<tf_topic>([^<]+)<\/tf_topic>/.exec(sdf)![1]));
  });

  it('uses REP-105 frames in the robot description', () => {
    const robot = loadRobotDescription();
    expect([robot.drive.odomFrame, robot.drive.baseFrame, robot.lidar.frameId, robot.camera.frameId]).toEqual(['odom', 'base_link', 'laser', 'camera_link']);
  });
});

describe('launch/gazebo.launch.xml', () => {
  const root = parseXml(fs.readFileSync(LAUNCH, 'utf8'), LAUNCH);
  const all = (el: XmlElement, name: string): XmlElement[] => [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
  const args = Object.fromEntries(all(root, 'arg').filter((a) => a.parent === root).map((a) => [a.attributes.name, a.attributes.default]));
  const resolve = (v: string) => path.resolve(v.replace('$(dirname)', path.dirname(LAUNCH)));

  it('takes world, robot and spawn pose arguments whose defaults exist', () => {
    expect(Object.keys(args)).toEqual(expect.arrayContaining(['world', 'robot', 'robot_x', 'robot_y', 'robot_yaw', 'bridge_config']));
    expect(fs.existsSync(resolve(args.world))).toBe(true);
    expect(resolve(args.robot)).toBe(DEFAULT_ROBOT_FILE);
    expect(resolve(args.bridge_config)).toBe(BRIDGE);
  });

  it('starts gz sim, spawns the robot and runs the bridge with the YAML', () => {
    expect(all(root, 'include')[0].attributes.file).toContain('ros_gz_sim');
    const nodes = all(root, 'node');
    const spawn = nodes.find((n) => n.attributes.pkg === 'ros_gz_sim' && n.attributes.exec === 'create')!;
    expect(spawn.attributes.args).toMatch(/-file \$\(var robot\).*-x \$\(var robot_x\) -y \$\(var robot_y\).*-Y \$\(var robot_yaw\)/);
    const bridge = nodes.find((n) => n.attributes.pkg === 'ros_gz_bridge')!;
    expect(bridge.children.find((c) => c.attributes.name === 'config_file')!.attributes.value).toBe('$(var bridge_config)');
    const env = all(root, 'set_env').find((e) => e.attributes.name === 'GZ_SIM_RESOURCE_PATH')!;
    expect(env.attributes.value).toContain('$(dirname)/../worlds/models');
  });

  it('publishes the sensor mounts as the robot description has them', () => {
    const robot = loadRobotDescription();
    const statics = all(root, 'node').filter((n) => n.attributes.exec === 'static_transform_publisher');
    const parse = (args: string) => {
      const m: Record<string, string> = {};
      const parts = args.trim().split(/\s+/);
      for (let i = 0; i < parts.length; i += 2) m[parts[i].replace(/^--/, '')] = parts[i + 1];
      return m;
    };
    const tfs = statics.map((n) => parse(n.attributes.args));
    for (const [frame, mount] of [
      [robot.lidar.frameId, robot.lidar.pose],
      [robot.camera.frameId, robot.camera.pose],
    ] as const) {
      const t = tfs.find((x) => x['child-frame-id'] === frame)!;
      expect(t['frame-id']).toBe('base_link');
      expect([Number(t.x), Number(t.y), Number(t.z), Number(t.yaw)]).toEqual([mount.x, mount.y, mount.z, mount.yaw]);
    }
    expect(tfs.find((x) => x['frame-id'] === 'map')!['child-frame-id']).toBe('odom');
  });

  it('every bundled world loads the Gazebo systems the robot needs (sensors, physics)', () => {
    for (const f of fs.readdirSync(WORLDS_DIR).filter((x) => x.endsWith('.sdf'))) {
      const text = fs.readFileSync(path.join(WORLDS_DIR, f), 'utf8');
      expect(text).toContain('gz-sim-sensors-system');
      expect(text).toContain('gz-sim-physics-system');
    }
  });
});
