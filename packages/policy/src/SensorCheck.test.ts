import { describe, expect, it } from 'vitest';
import { defaultMessage, type sensor_msgs } from '@navstack/msgs';
import { BUNDLED_SENSORS, checkImage, checkScan } from './SensorCheck.ts';

const scan = (beams: number, rangeMax: number): sensor_msgs.LaserScan => ({ ...defaultMessage('sensor_msgs/msg/LaserScan'), angle_min: -Math.PI, angle_increment: (2 * Math.PI) / beams, range_min: 0.12, range_max: rangeMax, ranges: new Float32Array(beams).fill(2) });
const image = (w: number, h: number, encoding: string): sensor_msgs.Image => ({ ...defaultMessage('sensor_msgs/msg/Image'), width: w, height: h, encoding, step: w * 3, data: new Uint8Array(w * h * 3) });

describe('the sensor envelope check', () => {
  it('accepts the sensors the model was trained for', () => {
    expect(checkScan(BUNDLED_SENSORS, scan(360, 12))).toEqual([]);
    expect(checkImage(BUNDLED_SENSORS, image(64, 48, 'rgb8'))).toEqual([]);
    expect(checkImage(BUNDLED_SENSORS, image(640, 480, 'rgb8'))).toEqual([]); // same aspect: resampled the same way
  });

  it('says in plain words what is outside it', () => {
    expect(checkScan(BUNDLED_SENSORS, scan(360, 0))).toEqual(['scan: range_max is 0: every beam reads as "no return" (fix the driver\'s range_max)']);
    expect(checkScan(BUNDLED_SENSORS, scan(720, 12))).toEqual(['scan: 720 beams, the model was trained for 360']);
    expect(checkScan(BUNDLED_SENSORS, scan(360, 3.5))).toEqual(['scan: range_max 3.5 m, the model was trained for 12 m']);
    expect(checkImage(BUNDLED_SENSORS, image(64, 48, 'mono8'))).toEqual(['camera/image_raw: encoding mono8, the model was trained on rgb8']);
    expect(checkImage(BUNDLED_SENSORS, image(640, 360, 'rgb8'))[0]).toMatch(/640x360 image, the model was trained on 64x48 \(another aspect ratio/);
  });
});
