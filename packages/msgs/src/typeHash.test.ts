// Type hashes against ROS 2's own: rosidl writes each type's RIHS01 hash into share/<pkg>/msg/<Type>.json.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageTypeNames } from './registry.ts';
import { typeHash } from './typeHash.ts';

const shares = [...(process.env.AMENT_PREFIX_PATH ?? '').split(':').filter(Boolean), '/opt/ros2-jazzy', '/opt/ros/jazzy', '/opt/ros/rolling'].map((p) => path.join(p, 'share'));
function rosHash(type: string): string | undefined {
  const [pkg, , name] = type.split('/');
  for (const share of shares) {
    const file = path.join(share, pkg!, 'msg', `${name}.json`);
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { type_hashes: { type_name: string; hash_string: string }[] };
    return json.type_hashes.find((h) => h.type_name === type)?.hash_string;
  }
  return undefined;
}
const withRos = messageTypeNames().filter((t) => rosHash(t) !== undefined);

describe('typeHash (RIHS01)', () => {
  it.skipIf(withRos.length === 0)(`equals ROS 2's own hash for every type it knows${withRos.length === 0 ? ' — skipped: no ROS 2 Jazzy share/*/msg/*.json here (npm run test:deps builds one)' : ''}`, () => {
    const wrong = withRos.filter((t) => typeHash(t) !== rosHash(t)).map((t) => `${t}: ${typeHash(t)} != ${rosHash(t)}`);
    expect(wrong).toEqual([]);
    expect(withRos.length).toBeGreaterThan(40);
  });

  it('is a RIHS01 sha256, the same for the short and the canonical type name', () => {
    expect(typeHash('sensor_msgs/msg/LaserScan')).toMatch(/^RIHS01_[0-9a-f]{64}$/);
    expect(typeHash('sensor_msgs/LaserScan')).toBe(typeHash('sensor_msgs/msg/LaserScan'));
  });
});
