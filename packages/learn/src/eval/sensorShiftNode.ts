/**
 * Evaluation under other sensors: sim_node's scan and image are remapped to sim/scan and sim/camera/image_raw,
 * and this node republishes them on scan and camera/image_raw as another lidar and camera would give them
 * (sensorVariation.ts). Every node of the stack (navigator, safety, policy) then sees the shifted sensors, as on a
 * robot with those sensors. Local backend: delivery is synchronous, so the relay adds no sim time.
 */
import type { sensor_msgs } from '@navstack/msgs';
import type { LocalContext } from '@navstack/rcl';
import { Rng } from '@navstack/math';
import { shiftEnvelope, varyImage, varyScan, type SensorShift } from '../data/sensorVariation.ts';

export function startSensorShift(ctx: LocalContext, shift: SensorShift, seed: number) {
  const rng = new Rng(seed ^ 0x5417);
  const env = shiftEnvelope(shift, rng);
  const node = ctx.createNode('sensor_shift');
  const scanPub = node.createPublisher('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' });
  const imagePub = node.createPublisher('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' });
  node.createSubscription('sensor_msgs/msg/LaserScan', 'sim/scan', { qos: 'sensor_data' }, (m: sensor_msgs.LaserScan) => scanPub.publish(varyScan(m, rng, env, { beams: true, rangeMax: true })));
  node.createSubscription('sensor_msgs/msg/Image', 'sim/camera/image_raw', { qos: 'sensor_data' }, (m: sensor_msgs.Image) => imagePub.publish(varyImage(m, rng, env)));
  return { remappings: [{ from: 'scan', to: 'sim/scan' }, { from: 'camera/image_raw', to: 'sim/camera/image_raw' }], envelope: env };
}
