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

if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null || echo present)"
else
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  echo "chromium: $(chromium --version)"
fi

bash scripts/ros2-setup.sh
