import { defineConfig } from 'vitest/config';

// The ROS 2 suite: navstack against a real ROS 2 (ros2 CLI, ros2 launch, rclpy, rclnodejs). Run by
// scripts/test-ros2.sh with ROS 2 sourced and a ROS_DOMAIN_ID of its own; files one at a time, since
// they share the DDS domain and start whole launch files.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.ros2.test.ts', 'test/**/*.ros2.test.ts', 'packages/rcl/src/backend.contract.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
