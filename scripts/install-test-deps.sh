#!/usr/bin/env bash
# Installs what the tests need beyond npm packages (idempotent):
# - Debian's Chromium for the browser tests (Playwright's own browser download cannot work offline;
#   playwright-core drives this one);
# - a ROS 2 for the ROS 2 suite: found in /opt, or built from shared/ros2 (~20 min once), and rclnodejs
#   built against it (scripts/ros2-setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# --- SDF oracle (test/oracle): Gazebo Fortress's own SDF parser and mesh loaders from Debian, which the world
# tests compile a small program against (libsdformat12 + ignition-common4-graphics, g++, pkg-config), and
# ignition-tools for `ign sdf`. Without them those tests are skipped, saying why.
if ! pkg-config --exists sdformat12 ignition-common4-graphics 2>/dev/null || ! command -v g++ >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends g++ pkg-config libsdformat-dev libignition-common-graphics-dev ignition-tools >/dev/null
fi
echo "SDF oracle: libsdformat $(pkg-config --modversion sdformat12), ignition-common $(pkg-config --modversion ignition-common4)"
# --- end of SDF oracle

if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null || echo present)"
else
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  echo "chromium: $(chromium --version)"
fi

bash scripts/ros2-setup.sh
