#!/usr/bin/env bash
# Builds the minimal ROS 2 Jazzy of shared/ros2 (upstream sources, see its README) into PREFIX
# (default /opt/ros2-jazzy) with Debian's colcon. Idempotent: a finished build is left alone.
#   usage: scripts/ros2-from-source.sh [PREFIX]        (root, or sudo for apt-get and PREFIX)
# The sources are found in $NAVSTACK_ROS2_SRC, ../shared/ros2 beside this checkout, or /work/shared/ros2.
# Why not shared/ros2/build.sh itself: it asks colcon for a 'status' event handler that Debian 12's
# colcon 0.12 does not have (the build stops at once); this script is that build with the fix.
# Measured here (2 cores): about 20 min for 103 packages.
set -euo pipefail
prefix=${1:-/opt/ros2-jazzy}
if [ -f "$prefix/.navstack-ros2-complete" ]; then echo "ROS 2 Jazzy: already built in $prefix"; exit 0; fi

repo=$(cd "$(dirname "$0")/.." && pwd)
src=""
for d in "${NAVSTACK_ROS2_SRC:-}" "$repo/../shared/ros2" /work/shared/ros2; do
  if [ -n "$d" ] && [ -f "$d/jazzy-src.tar.xz" ]; then src=$(cd "$d" && pwd); break; fi
done
if [ -z "$src" ]; then
  echo "ROS 2 Jazzy: no sources (jazzy-src.tar.xz) in \$NAVSTACK_ROS2_SRC, $repo/../shared/ros2 or /work/shared/ros2; cannot build" >&2
  exit 3
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
work=${NAVSTACK_ROS2_WORK:-/opt/ros2-src}
# Debian's python3 has catkin_pkg, empy 3 and lark: keep any other python (pyenv) off PATH.
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:/usr/local/bin
export DEBIAN_FRONTEND=noninteractive
echo "ROS 2 Jazzy: building from $src into $prefix (about 20 min on 2 cores; log in $work/build.log)"
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends \
  xz-utils cmake g++ make pkg-config python3-dev python3-setuptools python3-packaging \
  colcon python3-colcon-ros python3-colcon-cmake python3-colcon-python-setup-py \
  python3-colcon-recursive-crawl python3-colcon-parallel-executor python3-colcon-bash \
  python3-colcon-library-path python3-colcon-pkg-config python3-colcon-defaults python3-colcon-output \
  python3-colcon-package-selection python3-colcon-package-information python3-colcon-metadata \
  python3-empy python3-lark python3-catkin-pkg python3-numpy python3-yaml python3-osrf-pycommon \
  python3-psutil python3-netifaces python3-argcomplete \
  libyaml-dev libspdlog-dev pybind11-dev python3-pybind11 libacl1-dev libssl-dev cyclonedds-dev >/dev/null

$SUDO mkdir -p "$work" "$prefix"
$SUDO chown "$(id -u):$(id -g)" "$work" "$prefix"
rm -rf "$work/src" "$work/build" "$work/log"
tar -xJf "$src/jazzy-src.tar.xz" -C "$work"
cd "$work"
export RMW_IMPLEMENTATION=rmw_cyclonedds_cpp
export ROS_DISTRO_OVERRIDE=jazzy   # ros_environment's sources are rolling's: say which distro this is
start=$(date +%s)
progress() { while sleep 60; do echo "ROS 2 Jazzy: $(( ($(date +%s) - start) / 60 )) min, $(ls "$work/build" 2>/dev/null | wc -l) packages started"; done; }
progress & ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
if ! nice -n 10 colcon build --merge-install --install-base "$prefix" \
  --packages-up-to rcl rcl_action rcl_lifecycle rmw_cyclonedds_cpp \
    std_msgs geometry_msgs sensor_msgs nav_msgs diagnostic_msgs tf2_msgs std_srvs visualization_msgs \
    rclpy ros2cli ros2topic ros2node ros2run ros2pkg ros2param ros2service ros2interface \
    ros2launch launch_xml launch_yaml rosidl_default_generators rosidl_default_runtime \
    ros_environment ros_workspace \
  --cmake-args -DPython3_EXECUTABLE=/usr/bin/python3 -DPYTHON_EXECUTABLE=/usr/bin/python3 \
    -DBUILD_TESTING=OFF -DTRACETOOLS_DISABLED=ON -DCMAKE_BUILD_TYPE=Release --no-warn-unused-cli \
  --parallel-workers "$(nproc)" --event-handlers console_cohesion- console_start_end- summary+ >"$work/build.log" 2>&1; then
  tail -40 "$work/build.log" >&2
  echo "ROS 2 Jazzy: the colcon build failed (whole log: $work/build.log)" >&2
  exit 1
fi
# rmw_cyclonedds is the only RMW built: make it the default for every shell that sources the setup.
grep -q RMW_IMPLEMENTATION "$prefix/setup.bash" || \
  printf '\nexport RMW_IMPLEMENTATION=${RMW_IMPLEMENTATION:-rmw_cyclonedds_cpp}\n' >> "$prefix/setup.bash"
touch "$prefix/.navstack-ros2-complete"
echo "ROS 2 Jazzy: built in $prefix in $(( ($(date +%s) - start) / 60 )) min; source $prefix/setup.bash"
