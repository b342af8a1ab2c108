import { z } from 'zod';

/** The QoS policies that change behaviour for navstack's users (ROS 2 names, lower case). */
export interface QoS {
  history: 'keep_last' | 'keep_all';
  depth: number;
  reliability: 'reliable' | 'best_effort';
  durability: 'volatile' | 'transient_local';
}

/** rclcpp's presets: SystemDefaultsQoS, SensorDataQoS, and the latched profile used for /tf_static, /estop, maps. */
export const QOS_PRESETS = {
  default: { history: 'keep_last', depth: 10, reliability: 'reliable', durability: 'volatile' },
  sensor_data: { history: 'keep_last', depth: 5, reliability: 'best_effort', durability: 'volatile' },
  latched: { history: 'keep_last', depth: 1, reliability: 'reliable', durability: 'transient_local' },
  services: { history: 'keep_last', depth: 10, reliability: 'reliable', durability: 'volatile' },
  clock: { history: 'keep_last', depth: 1, reliability: 'best_effort', durability: 'volatile' },
} as const satisfies Record<string, QoS>;

export type QoSPreset = keyof typeof QOS_PRESETS;
export type QoSOption = QoSPreset | Partial<QoS>;

export const QoSSchema = z.strictObject({
  history: z.enum(['keep_last', 'keep_all']),
  depth: z.number().int().min(0),
  reliability: z.enum(['reliable', 'best_effort']),
  durability: z.enum(['volatile', 'transient_local']),
});

export function resolveQoS(q: QoSOption | undefined): QoS {
  if (q === undefined) return { ...QOS_PRESETS.default };
  if (typeof q === 'string') {
    const p = QOS_PRESETS[q];
    if (!p) throw new Error(`unknown QoS preset '${q}' (known: ${Object.keys(QOS_PRESETS).join(', ')})`);
    return { ...p };
  }
  return QoSSchema.parse({ ...QOS_PRESETS.default, ...q });
}

/**
 * DDS request/offer rules: a reliable reader does not match a best-effort writer, and a
 * transient-local reader does not match a volatile writer. Returns the reason when incompatible.
 */
export function qosIncompatibility(pub: QoS, sub: QoS): string | undefined {
  if (sub.reliability === 'reliable' && pub.reliability === 'best_effort') return 'subscription requests RELIABLE but publisher offers BEST_EFFORT';
  if (sub.durability === 'transient_local' && pub.durability === 'volatile') return 'subscription requests TRANSIENT_LOCAL but publisher offers VOLATILE';
  return undefined;
}
