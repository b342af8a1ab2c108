import { describe, expect, it } from 'vitest';
import { decodeCdr, defaultMessage, encodeCdr, messageTypeNames, MESSAGE_SCHEMAS } from './index.ts';

/** Hex of bytes, for readable golden comparisons. */
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('CDR', () => {
  it('round-trips the default message of every type', () => {
    for (const type of messageTypeNames()) {
      const msg = defaultMessage(type);
      expect(decodeCdr(type, encodeCdr(type, msg)), type).toEqual(msg);
    }
  });

  it('round-trips a populated LaserScan with typed arrays', () => {
    const scan = defaultMessage('sensor_msgs/msg/LaserScan');
    scan.header = { stamp: { sec: 12, nanosec: 500_000_000 }, frame_id: 'laser' };
    // float32 fields: use values a float32 holds exactly, so equality is exact
    scan.angle_min = Math.fround(-Math.PI);
    scan.angle_max = Math.fround(Math.PI);
    scan.angle_increment = Math.fround((2 * Math.PI) / 360);
    scan.range_min = 0.125;
    scan.range_max = 3.5;
    scan.ranges = Float32Array.from({ length: 360 }, (_, i) => (i % 7 === 0 ? Infinity : 0.5 + i / 100));
    const back = decodeCdr('sensor_msgs/msg/LaserScan', encodeCdr('sensor_msgs/msg/LaserScan', scan));
    expect(back.ranges).toBeInstanceOf(Float32Array);
    expect(back).toEqual(scan);
  });

  // Golden bytes written out by hand from the OMG CDR rules ROS 2's rmw uses: a 4-byte
  // encapsulation header (00 01 = CDR little endian, 00 00 options), then fields aligned to
  // their size relative to the end of the header; strings are uint32 length (incl. NUL) + bytes + NUL.
  it('std_msgs/String matches the CDR bytes rmw writes', () => {
    expect(hex(encodeCdr('std_msgs/msg/String', { data: 'hi' }))).toBe('00010000' + '03000000' + '686900');
  });

  it('std_msgs/Bool matches the CDR bytes rmw writes', () => {
    expect(hex(encodeCdr('std_msgs/msg/Bool', { data: true }))).toBe('00010000' + '01');
  });

  it('geometry_msgs/Twist: six little-endian float64', () => {
    const bytes = encodeCdr('geometry_msgs/msg/Twist', { linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: -0.5 } });
    const f = (v: number) => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v);
      return b.toString('hex');
    };
    expect(hex(bytes)).toBe('00010000' + f(1) + f(0) + f(0) + f(0) + f(0) + f(-0.5));
  });

  it('std_msgs/Header: int32 sec, uint32 nanosec, string frame_id', () => {
    const bytes = encodeCdr('std_msgs/msg/Header', { stamp: { sec: 1, nanosec: 2 }, frame_id: 'map' });
    expect(hex(bytes)).toBe('00010000' + '01000000' + '02000000' + '04000000' + '6d617000');
  });

  it('sensor_msgs/Image: header, uint32 height/width, encoding, uint8 is_bigendian, uint32 step, uint8[] data', () => {
    const img = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'c' }, height: 1, width: 1, encoding: 'rgb8', is_bigendian: 0, step: 3, data: new Uint8Array([255, 0, 7]) };
    const expected =
      '00010000' +
      '00000000' + '00000000' + // stamp
      '02000000' + '6300' + '0000' + // frame_id "c" + padding to 4
      '01000000' + '01000000' + // height, width
      '05000000' + '7267623800' + // "rgb8"
      '00' + // is_bigendian (offset 29)
      '0000' + // pad to 4 (offset 32)
      '03000000' + // step
      '03000000' + 'ff0007'; // data
    expect(hex(encodeCdr('sensor_msgs/msg/Image', img))).toBe(expected);
    expect(decodeCdr('sensor_msgs/msg/Image', encodeCdr('sensor_msgs/msg/Image', img))).toEqual(img);
  });
});

describe('zod schemas', () => {
  it('accept the default message of every type', () => {
    for (const type of messageTypeNames()) {
      const r = MESSAGE_SCHEMAS[type].safeParse(defaultMessage(type));
      expect(r.success, `${type}: ${r.error?.message}`).toBe(true);
    }
  });

  it('reject wrong field types and fixed-length violations', () => {
    expect(MESSAGE_SCHEMAS['std_msgs/msg/String'].safeParse({ data: 3 }).success).toBe(false);
    expect(MESSAGE_SCHEMAS['std_msgs/msg/String'].safeParse({ data: 'x', extra: 1 }).success).toBe(false);
    const odom = defaultMessage('nav_msgs/msg/Odometry');
    odom.pose.covariance = new Float64Array(35);
    expect(MESSAGE_SCHEMAS['nav_msgs/msg/Odometry'].safeParse(odom).success).toBe(false);
    const img = defaultMessage('sensor_msgs/msg/Image');
    img.height = -1;
    expect(MESSAGE_SCHEMAS['sensor_msgs/msg/Image'].safeParse(img).success).toBe(false);
  });
});
