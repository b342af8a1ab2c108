// ROS 2 bags in MCAP (ros2 profile, CDR, rosbag2 metadata): what `ros2 bag` and Foxglove read and write.
export { BagWriter, type BagWriterOptions } from './BagWriter.ts';
export { readBag, BagReadError, type BagContents, type BagMessage } from './BagReader.ts';
export { BagRecorder, recordingQoS, type BagRecorderOptions } from './BagRecorder.ts';
export { bagMetadataYaml, qosProfilesYaml, type BagMetadata } from './rosbag2Metadata.ts';
export { bagRecorderExecutable, defaultBagName, executables, RECORDER_SCHEMA } from './recorderNode.ts';
