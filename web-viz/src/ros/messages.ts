// The message shapes the viewer reads (ROS 2 field names, as roslib delivers them; cbor gives typed arrays).
export interface Vec3 { x: number; y: number; z: number }
export interface Quat { x: number; y: number; z: number; w: number }
export interface Time { sec: number; nanosec: number }
export interface Header { stamp: Time; frame_id: string }
export interface Pose { position: Vec3; orientation: Quat }
export interface PoseStamped { header: Header; pose: Pose }
export interface TransformStamped { header: Header; child_frame_id: string; transform: { translation: Vec3; rotation: Quat } }
export interface TFMessage { transforms: TransformStamped[] }
export interface Odometry { header: Header; child_frame_id: string; pose: { pose: Pose } }
export interface LaserScan {
  header: Header;
  angle_min: number;
  angle_increment: number;
  range_min: number;
  range_max: number;
  ranges: ArrayLike<number | null>;
}
export interface Image { header: Header; width: number; height: number; encoding: string; step: number; data: Uint8Array | string }
export interface OccupancyGrid {
  header: Header;
  info: { resolution: number; width: number; height: number; origin: Pose };
  data: ArrayLike<number>;
}
export interface Path { header: Header; poses: PoseStamped[] }
export interface ColorRGBA { r: number; g: number; b: number; a: number }
export interface Marker {
  header: Header;
  ns: string;
  id: number;
  type: number;
  action: number;
  pose: Pose;
  scale: Vec3;
  color: ColorRGBA;
  points: Vec3[];
  colors: ColorRGBA[];
  text: string;
  frame_locked: boolean;
}
export interface MarkerArray { markers: Marker[] }
export interface KeyValue { key: string; value: string }
export interface DiagnosticStatus { level: number; name: string; message: string; hardware_id: string; values: KeyValue[] }
export interface DiagnosticArray { header: Header; status: DiagnosticStatus[] }
export interface Twist { linear: Vec3; angular: Vec3 }
export interface GoalStatusArray { status_list: { goal_info: { stamp: Time }; status: number }[] }

/** Base64 (JSON rosbridge) or bytes (CBOR) to bytes. */
export function bytesOf(data: Uint8Array | string | ArrayLike<number>): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') {
    const s = atob(data);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  return Uint8Array.from(data);
}
