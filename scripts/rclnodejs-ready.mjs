// Exit 0 when rclnodejs loads (its native addon built against the sourced ROS 2), else print why and exit 1.
// Goes through navstack's own check, which never triggers rclnodejs's build-on-import.
import { register } from 'tsx/esm/api';

register();
const { ros2Unavailability } = await import('../packages/rcl/src/ros2/Ros2Context.ts');
const why = await ros2Unavailability();
if (why) {
  console.log(why);
  process.exit(1);
}
