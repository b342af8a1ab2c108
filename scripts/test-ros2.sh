#!/usr/bin/env bash
# navstack's ROS 2 suite: with ROS 2 sourced (or found in /opt, see ros2-env.sh) and rclnodejs built
# (npm run ros2:setup), it runs the contract suite on both backends and the tests against the real ros2
# CLI, ros2 launch and rclpy; elsewhere it says why it skips and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! . scripts/ros2-env.sh; then
  echo "test:ros2: SKIPPED: $NAVSTACK_ROS2_WHY"
  exit 0
fi
if ! why=$(node scripts/rclnodejs-ready.mjs); then
  echo "test:ros2: SKIPPED: ROS 2 $ROS_DISTRO is here but $why"
  exit 0
fi
# A DDS domain of this run's own: other ROS 2 programs on the machine (or another test run) cannot cross-talk.
export ROS_DOMAIN_ID=${ROS_DOMAIN_ID:-$(( 100 + $$ % 100 ))}
echo "test:ros2: ROS 2 $ROS_DISTRO, ${RMW_IMPLEMENTATION:-default RMW}, ROS_DOMAIN_ID=$ROS_DOMAIN_ID"
exec npx vitest run --config vitest.ros2.config.ts "$@"
