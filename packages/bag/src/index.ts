// ROS 2 bags in MCAP (ros2 profile, CDR): what `ros2 bag` and Foxglove read and write.
export { BagWriter } from './BagWriter.ts';
export { readBag, BagReadError, type BagContents, type BagMessage } from './BagReader.ts';
