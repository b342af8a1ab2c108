#!/usr/bin/env bash
# Makes the ros2 backend usable here: a ROS 2 (built from shared/ros2 into /opt/ros2-jazzy when there is
# none and the sources are at hand: ~20 min once), then rclnodejs built against it (~1 min once).
# Idempotent; called by `npm run test:deps` and `npm run ros2:setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ROS_DISTRO:-}" ] && [ ! -f /opt/ros2-jazzy/setup.bash ] && [ ! -d /opt/ros ]; then
  status=0
  bash scripts/ros2-from-source.sh || status=$?
  if [ "$status" = 3 ]; then echo "ros2 setup: skipped (no ROS 2 and no sources to build one): the ROS 2 tests will be skipped"; exit 0; fi
  [ "$status" = 0 ] || exit "$status"
fi
. scripts/ros2-env.sh
echo "ros2 setup: ROS 2 $ROS_DISTRO ($(dirname "$(command -v ros2)")), RMW ${RMW_IMPLEMENTATION:-default}"
if why=$(node scripts/rclnodejs-ready.mjs); then
  echo "ros2 setup: rclnodejs $(node -p "require('rclnodejs/package.json').version") ready"
  exit 0
fi
# rclnodejs is an optional dependency of packages/rcl: `npm ci` without ROS 2 skipped its build. With ROS 2
# sourced, npm builds it (node-gyp against the local Node headers; its clean step runs npx, hence yes=true).
echo "ros2 setup: building rclnodejs against ROS 2 $ROS_DISTRO ($why; about a minute)"
export npm_config_nodedir=${npm_config_nodedir:-/usr} npm_config_yes=true
if [ -d node_modules/rclnodejs ]; then cmd="npm rebuild rclnodejs"; else cmd="npm install --no-audit --no-fund"; fi
$cmd >/tmp/navstack-rclnodejs-install.log 2>&1 || true
if ! why=$(node scripts/rclnodejs-ready.mjs); then
  tail -30 /tmp/navstack-rclnodejs-install.log >&2
  echo "ros2 setup: rclnodejs did not build: $why (log: /tmp/navstack-rclnodejs-install.log)" >&2
  exit 1
fi
echo "ros2 setup: rclnodejs $(node -p "require('rclnodejs/package.json').version") built"
