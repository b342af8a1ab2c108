// The rosbridge v2 protocol: client operations as zod schemas (checked at the edge), server
// operations as plain types. Field names follow the rosbridge v2 protocol specification.
import { z } from 'zod';

const id = z.string().optional();
const name = z.string().min(1, 'must not be empty');
export const COMPRESSIONS = ['none', 'cbor', 'cbor-raw', 'png'] as const;
export const STATUS_LEVELS = ['info', 'warning', 'error', 'none'] as const;
export type StatusLevel = (typeof STATUS_LEVELS)[number];
export type Compression = (typeof COMPRESSIONS)[number];

/** Seconds as a number, or a ROS time ({sec, nanosec} / ROS 1 {secs, nsecs}). */
const stamp = z.union([
  z.number(),
  z.object({ sec: z.number(), nanosec: z.number().optional() }),
  z.object({ secs: z.number(), nsecs: z.number().optional() }),
]);

export const AuthOp = z.object({
  op: z.literal('auth'),
  id,
  mac: z.string().min(1),
  client: z.string(),
  dest: z.string(),
  rand: z.string(),
  t: stamp,
  level: z.string(),
  end: stamp,
});
export const AdvertiseOp = z.object({
  op: z.literal('advertise'),
  id,
  topic: name,
  type: name,
  latch: z.boolean().optional(),
  queue_size: z.number().int().min(0).optional(),
});
export const UnadvertiseOp = z.object({ op: z.literal('unadvertise'), id, topic: name });
export const PublishOp = z.object({
  op: z.literal('publish'),
  id,
  topic: name,
  msg: z.unknown().refine((v) => v !== undefined, 'is required'),
  latch: z.boolean().optional(),
});
export const SubscribeOp = z.object({
  op: z.literal('subscribe'),
  id,
  topic: name,
  type: z.string().optional(),
  throttle_rate: z.number().int().min(0).optional(),
  queue_length: z.number().int().min(0).optional(),
  fragment_size: z.number().int().min(1).optional(),
  compression: z.enum(COMPRESSIONS).optional(),
});
export const UnsubscribeOp = z.object({ op: z.literal('unsubscribe'), id, topic: name });
export const CallServiceOp = z.object({
  op: z.literal('call_service'),
  id,
  service: name,
  type: z.string().optional(),
  args: z.unknown().optional(),
  fragment_size: z.number().int().min(1).optional(),
  compression: z.enum(COMPRESSIONS).optional(),
  timeout: z.number().optional(),
});
export const ServiceResponseOp = z.object({
  op: z.literal('service_response'),
  id,
  service: name,
  values: z.unknown().optional(),
  result: z.boolean(),
});
export const AdvertiseServiceOp = z.object({ op: z.literal('advertise_service'), id, type: name, service: name });
export const UnadvertiseServiceOp = z.object({ op: z.literal('unadvertise_service'), id, service: name });
export const SetLevelOp = z.object({ op: z.literal('set_level'), id, level: z.enum(STATUS_LEVELS) });
export const StatusOp = z.object({ op: z.literal('status'), id, level: z.string().optional(), msg: z.string().optional() });
/** A part of a larger JSON op (rosbridge v2): `data` pieces num = 0..total-1 joined in order. */
export const FragmentOp = z.object({ op: z.literal('fragment'), id: z.string().min(1).max(256), data: z.string(), num: z.number().int().min(0), total: z.number().int().min(1) });

export const ClientOp = z.discriminatedUnion('op', [
  AuthOp,
  AdvertiseOp,
  UnadvertiseOp,
  PublishOp,
  SubscribeOp,
  UnsubscribeOp,
  CallServiceOp,
  ServiceResponseOp,
  AdvertiseServiceOp,
  UnadvertiseServiceOp,
  SetLevelOp,
  StatusOp,
  FragmentOp,
]);
export type ClientOp = z.infer<typeof ClientOp>;
export type AuthOp = z.infer<typeof AuthOp>;
export type AdvertiseOp = z.infer<typeof AdvertiseOp>;
export type UnadvertiseOp = z.infer<typeof UnadvertiseOp>;
export type PublishOp = z.infer<typeof PublishOp>;
export type SubscribeOp = z.infer<typeof SubscribeOp>;
export type UnsubscribeOp = z.infer<typeof UnsubscribeOp>;
export type CallServiceOp = z.infer<typeof CallServiceOp>;
export type ServiceResponseOp = z.infer<typeof ServiceResponseOp>;
export type AdvertiseServiceOp = z.infer<typeof AdvertiseServiceOp>;
export type UnadvertiseServiceOp = z.infer<typeof UnadvertiseServiceOp>;
export type SetLevelOp = z.infer<typeof SetLevelOp>;
export type FragmentOp = z.infer<typeof FragmentOp>;
export const CLIENT_OPS = ClientOp.options.map((o) => o.shape.op.value);

// ---- what the server sends

export interface ServerStatus {
  op: 'status';
  id?: string;
  level: Exclude<StatusLevel, 'none'>;
  msg: string;
}
export interface ServerPublish {
  op: 'publish';
  topic: string;
  msg: unknown;
}
export interface ServerServiceResponse {
  op: 'service_response';
  id?: string;
  service: string;
  values?: unknown;
  result: boolean;
}
export interface ServerCallService {
  op: 'call_service';
  id: string;
  service: string;
  args: unknown;
}
export interface ServerFragment {
  op: 'fragment';
  id: string;
  data: string;
  num: number;
  total: number;
}
export type ServerOp = ServerStatus | ServerPublish | ServerServiceResponse | ServerCallService | ServerFragment;
