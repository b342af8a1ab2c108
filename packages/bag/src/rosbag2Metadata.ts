// rosbag2's bag metadata (rosbag2_storage BagMetadata, version 9 as in Jazzy) and its QoS profile encoding:
// what `ros2 bag` reads from a bag folder's metadata.yaml and from the MCAP file's `rosbag2` record.
import type { QoS } from '@navstack/rcl';
import { stringify } from 'yaml';

/** rmw's "infinite" duration (RMW_DURATION_INFINITE), as rosbag2 writes it for deadline, lifespan and lease. */
const INFINITE = { sec: 9223372036, nsec: 854775807 };

/** One profile the way rosbag2 (version 9) encodes an rclcpp::QoS: policy names as rmw's *_to_str give them. */
function rosbag2QoS(q: QoS): Record<string, unknown> {
  return {
    history: q.history,
    depth: q.depth,
    reliability: q.reliability,
    durability: q.durability,
    deadline: INFINITE,
    lifespan: INFINITE,
    liveliness: 'automatic',
    liveliness_lease_duration: INFINITE,
    avoid_ros_namespace_conventions: false,
  };
}

/** The `offered_qos_profiles` channel metadata of rosbag2's MCAP storage: a YAML list in a string. */
export function qosProfilesYaml(profiles: readonly QoS[]): string {
  return stringify(profiles.map(rosbag2QoS));
}

export interface BagMetadata {
  version: 9;
  storage_identifier: 'mcap';
  duration: { nanoseconds: bigint };
  starting_time: { nanoseconds_since_epoch: bigint };
  message_count: number;
  topics_with_message_count: {
    topic_metadata: { name: string; type: string; serialization_format: 'cdr'; offered_qos_profiles: QoS[]; type_description_hash: string };
    message_count: number;
  }[];
  compression_format: string;
  compression_mode: string;
  relative_file_paths: string[];
  files: { path: string; starting_time: { nanoseconds_since_epoch: bigint }; duration: { nanoseconds: bigint }; message_count: number }[];
  custom_data: Record<string, string>;
  ros_distro: string;
}

/** The YAML of a BagMetadata, its QoS profiles encoded as rosbag2 does. */
export function bagMetadataYaml(meta: BagMetadata, root?: 'rosbag2_bagfile_information'): string {
  const encoded = {
    ...meta,
    topics_with_message_count: meta.topics_with_message_count.map((t) => ({ ...t, topic_metadata: { ...t.topic_metadata, offered_qos_profiles: t.topic_metadata.offered_qos_profiles.map(rosbag2QoS) } })),
  };
  return stringify(root ? { [root]: encoded } : encoded);
}
