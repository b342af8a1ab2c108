import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROBOT_FILE, loadRobotDescription, parseRobotDescription } from './robot.ts';

describe('robot description', () => {
  it('reads footprint, drive limits and sensor parameters from the bundled SDF', () => {
    const r = loadRobotDescription();
    expect(r.name).toBe('navstack_bot');
    expect(r.radius).toBe(0.17);
    expect(r.bodyMinZ).toBeCloseTo(0.02);
    expect(r.bodyMaxZ).toBeCloseTo(0.16);
    expect(r.drive).toMatchObject({ maxLinear: 0.5, minLinear: -0.5, maxAngular: 2, maxLinearAccel: 2.5, minLinearAccel: -2.5, maxAngularAccel: 4, minAngularAccel: -4, wheelSeparation: 0.26, cmdTopic: 'cmd_vel', odomTopic: 'odom', odomFrame: 'odom', baseFrame: 'base_link', odomRate: 50 });
    expect(r.lidar).toMatchObject({ samples: 360, rangeMin: 0.12, rangeMax: 12, noiseStddev: 0.01, rate: 10, frameId: 'laser', topic: 'scan', pose: { x: 0, y: 0, z: 0.2, yaw: 0 } });
    expect(r.lidar.minAngle).toBeCloseTo(-Math.PI, 9);
    expect(r.camera).toMatchObject({ width: 64, height: 48, rate: 10, frameId: 'camera_link', topic: 'camera/image_raw', infoTopic: 'camera/camera_info', pose: { x: 0.15, y: 0, z: 0.25, yaw: 0 } });
    expect(r.camera.hfov).toBeCloseTo(Math.PI / 3, 5);
  });

  const base = fs.readFileSync(DEFAULT_ROBOT_FILE, 'utf8');

  it('says what is missing or wrong, with file and line', () => {
    const noLidar = base.replace(/<sensor name="lidar"[\s\S]*?<\/sensor>/, '');
    expect(() => parseRobotDescription(noLidar, 'bot.sdf')).toThrow(/bot\.sdf:\d+: <model>: the robot has no lidar sensor/);
    const badSamples = base.replace('<samples>360</samples>', '<samples>many</samples>');
    expect(() => parseRobotDescription(badSamples, 'bot.sdf')).toThrow(/bot\.sdf:\d+: <samples>: invalid number "many"/);
    const tilted = base.replace('<pose>0.15 0 0.25 0 0 0</pose>', '<pose>0.15 0 0.25 0 0.3 0</pose>');
    expect(() => parseRobotDescription(tilted, 'bot.sdf')).toThrow(/level sensors/);
    expect(() => parseRobotDescription('<sdf><model name="x"', 'bot.sdf')).toThrow(/bot\.sdf:1: <xml>: malformed XML/);
  });

  it('reads the acceleration limits as gz-sim DiffDrive does: signed min/max, min defaults to -max', () => {
    const noMins = base.replace(/\s*<min_(linear|angular)_acceleration>[^<]*<\/min_\1_acceleration>/g, '');
    expect(parseRobotDescription(noMins, 'bot.sdf').drive).toMatchObject({ maxLinearAccel: 2.5, minLinearAccel: -2.5, maxAngularAccel: 4, minAngularAccel: -4 });
    const otherMax = noMins.replace('<max_linear_acceleration>2.5</max_linear_acceleration>', '<max_linear_acceleration>1.5</max_linear_acceleration>');
    expect(parseRobotDescription(otherMax, 'bot.sdf').drive).toMatchObject({ maxLinearAccel: 1.5, minLinearAccel: -1.5 });
    // max_acceleration / min_acceleration set both, the specific elements win
    const generic = noMins
      .replace(/\s*<max_(linear|angular)_acceleration>[^<]*<\/max_\1_acceleration>/g, '')
      .replace('<topic>cmd_vel</topic>', '<max_acceleration>2.0</max_acceleration><min_acceleration>-3.0</min_acceleration><max_angular_acceleration>5.0</max_angular_acceleration><topic>cmd_vel</topic>');
    expect(parseRobotDescription(generic, 'bot.sdf').drive).toMatchObject({ maxLinearAccel: 2, minLinearAccel: -3, maxAngularAccel: 5, minAngularAccel: -3 });
  });

  it('rejects a min acceleration that is not negative and a max that is not positive, with file and line', () => {
    const line = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    const posMin = base.replace('<min_linear_acceleration>-2.5</min_linear_acceleration>', '<min_linear_acceleration>2.5</min_linear_acceleration>');
    expect(() => parseRobotDescription(posMin, 'bot.sdf')).toThrow(new RegExp(`bot\\.sdf:${line(posMin, '<min_linear_acceleration>')}: <min_linear_acceleration>: must be negative .*got 2\\.5`));
    const zeroMin = base.replace('<min_angular_acceleration>-4.0</min_angular_acceleration>', '<min_angular_acceleration>0</min_angular_acceleration>');
    expect(() => parseRobotDescription(zeroMin, 'bot.sdf')).toThrow(/bot\.sdf:\d+: <min_angular_acceleration>: must be negative/);
    const zeroMax = base.replace('<max_linear_acceleration>2.5</max_linear_acceleration>', '<max_linear_acceleration>0</max_linear_acceleration>');
    expect(() => parseRobotDescription(zeroMax, 'bot.sdf')).toThrow(new RegExp(`bot\\.sdf:${line(zeroMax, '<max_linear_acceleration>')}: <max_linear_acceleration>: must be positive, got 0`));
    const negMax = base.replace('<max_angular_acceleration>4.0</max_angular_acceleration>', '<max_angular_acceleration>-4.0</max_angular_acceleration>');
    expect(() => parseRobotDescription(negMax, 'bot.sdf')).toThrow(/bot\.sdf:\d+: <max_angular_acceleration>: must be positive, got -4/);
  });

  it('takes other sensor settings from the file', () => {
    const wide = parseRobotDescription(base.replace('<width>64</width>', '<width>320</width>').replace('<samples>360</samples>', '<samples>720</samples>'), 'bot.sdf');
    expect(wide.camera.width).toBe(320);
    expect(wide.lidar.samples).toBe(720);
  });
});
