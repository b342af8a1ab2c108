import { describe, expect, it } from 'vitest';
import { defaultMessage, fromRosbridgeJson, MessageFormatError, messageTypeNames, toRosbridgeJson } from './index.ts';

describe('rosbridge JSON', () => {
  it('round-trips the default message of every type through JSON text', () => {
    for (const type of messageTypeNames()) {
      const msg = defaultMessage(type);
      const json = JSON.parse(JSON.stringify(toRosbridgeJson(type, msg)));
      expect(fromRosbridgeJson(type, json), type).toEqual(msg);
    }
  });

  it('writes uint8[] as base64 and float arrays as numbers, non-finite as null', () => {
    const img = defaultMessage('sensor_msgs/msg/Image');
    img.data = new Uint8Array([1, 2, 3]);
    expect(toRosbridgeJson('sensor_msgs/msg/Image', img).data).toBe('AQID');
    const scan = defaultMessage('sensor_msgs/msg/LaserScan');
    scan.ranges = new Float32Array([1.5, Infinity]);
    expect(toRosbridgeJson('sensor_msgs/msg/LaserScan', scan).ranges).toEqual([1.5, null]);
  });

  it('reads uint8[] from base64 or number arrays into Uint8Array', () => {
    expect(fromRosbridgeJson('sensor_msgs/msg/Image', { data: 'AQID' }).data).toEqual(new Uint8Array([1, 2, 3]));
    expect(fromRosbridgeJson('sensor_msgs/msg/Image', { data: [1, 2, 3] }).data).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('fills missing fields with ROS 2 defaults, like rosbridge', () => {
    const p = fromRosbridgeJson('geometry_msgs/msg/PoseStamped', { pose: { position: { x: 2 } } });
    expect(p.pose.position).toEqual({ x: 2, y: 0, z: 0 });
    expect(p.pose.orientation).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    expect(p.header.frame_id).toBe('');
  });

  it('rejects bad input with the field path', () => {
    const bad = (type: Parameters<typeof fromRosbridgeJson>[0], v: unknown, re: RegExp) => {
      expect(() => fromRosbridgeJson(type, v)).toThrow(MessageFormatError);
      expect(() => fromRosbridgeJson(type, v)).toThrow(re);
    };
    bad('geometry_msgs/msg/Twist', { linear: { x: 'fast' } }, /field 'linear\.x': expected a number/);
    bad('geometry_msgs/msg/Twist', { linearr: {} }, /field 'linearr': no such field/);
    bad('std_msgs/msg/Bool', { data: 1 }, /expected a boolean/);
    bad('std_msgs/msg/String', 'hello', /expected an object/);
    bad('sensor_msgs/msg/Image', { height: 1.5 }, /field 'height': expected an integer/);
    bad('sensor_msgs/msg/Image', { data: [256] }, /field 'data\[0\]': 256 is out of range for uint8/);
    bad('nav_msgs/msg/Odometry', { pose: { covariance: [1, 2] } }, /exactly 36 elements/);
  });
});
