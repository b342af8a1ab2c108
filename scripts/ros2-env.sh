# Sourced by navstack's ROS 2 scripts: finds a ROS 2 installation and sources it.
# Sets NAVSTACK_ROS2_WHY (and returns 1) when there is none.
NAVSTACK_ROS2_WHY=""
if [ -z "${ROS_DISTRO:-}" ]; then
  for setup in "${NAVSTACK_ROS2_SETUP:-}" /opt/ros2-jazzy/setup.bash /opt/ros/jazzy/setup.bash /opt/ros/humble/setup.bash /opt/ros/rolling/setup.bash; do
    if [ -n "$setup" ] && [ -f "$setup" ]; then
      # ROS 2's setup scripts read unset variables: relax nounset while sourcing.
      case $- in *u*) set +u; . "$setup"; set -u ;; *) . "$setup" ;; esac
      break
    fi
  done
fi
# ROS 2's Python packages are built for the system python3: a pyenv/conda python3 first on PATH cannot
# import them (colcon then fails with "No module named 'catkin_pkg'").
if [ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ]; then PATH="/usr/bin:$PATH"; export PATH; fi
if [ -z "${ROS_DISTRO:-}" ]; then
  NAVSTACK_ROS2_WHY="no ROS 2: ROS_DISTRO is not set and none of /opt/ros2-jazzy, /opt/ros/{jazzy,humble,rolling} exists (build one with scripts/ros2-from-source.sh)"
  return 1 2>/dev/null || exit 1
fi
