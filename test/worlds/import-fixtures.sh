#!/usr/bin/env bash
# Re-creates the real-world fixtures (third-party worlds, kept outside this repository: see
# test/worlds/fixtures.ts) from git snapshots of their upstream repositories (each a bare git directory
# under $MIRROR, named owner+repo/repo), at the commits below. Textures are left out everywhere (navstack
# uses materials' colours only); other omissions are listed in each folder's SOURCE.md.
# Usage: MIRROR=/path/to/mirrors bash test/worlds/import-fixtures.sh [DEST]   (DEST default /work/world-fixtures)
set -euo pipefail
HERE="${1:-${NAVSTACK_WORLD_FIXTURES:-/work/world-fixtures}}"
mkdir -p "$HERE"
MIRROR="${MIRROR:-/work/.mirror}"

# copy REPO COMMIT SRC DEST: one file from a repository snapshot
copy() {
  mkdir -p "$(dirname "$HERE/$4")"
  git --git-dir="$MIRROR/$1/repo" show "$2:$3" >"$HERE/$4"
}
# tree REPO COMMIT SRC_DIR DEST_DIR: every file under SRC_DIR except textures and Gazebo Classic material scripts
tree() {
  git --git-dir="$MIRROR/$1/repo" ls-tree -r --name-only "$2" "$3" | grep -viE '\.(png|jpe?g|tga|orig|material)$' | while read -r f; do
    copy "$1" "$2" "$f" "$4/${f#"$3"/}"
  done
}

GZ=gazebosim+gz-sim GZC=93bbf3ed1bd25df32709fee40d6935bf36d2bac8
for w in empty default shapes tunnel; do copy $GZ $GZC examples/worlds/$w.sdf gz-sim/worlds/$w.sdf; done
copy $GZ $GZC LICENSE gz-sim/LICENSE

TB3=ROBOTIS-GIT+turtlebot3_simulations TB3C=eb50ff8d644025a30ba670b2c9e4e557e3157591
for w in turtlebot3_world turtlebot3_house; do copy $TB3 $TB3C turtlebot3_gazebo/worlds/$w.world turtlebot3/worlds/$w.world; done
tree $TB3 $TB3C turtlebot3_gazebo/models/turtlebot3_world turtlebot3/models/turtlebot3_world
tree $TB3 $TB3C turtlebot3_gazebo/models/turtlebot3_house turtlebot3/models/turtlebot3_house
copy $TB3 $TB3C LICENSE turtlebot3/LICENSE

TB4=turtlebot+turtlebot4_simulator TB4C=a238c9456dd9b0cb6476177e0abcb94f810121ef
copy $TB4 $TB4C turtlebot4_ignition_bringup/worlds/maze.sdf turtlebot4/worlds/maze.sdf
copy $TB4 $TB4C LICENSE turtlebot4/LICENSE

AWS=aws-robotics+aws-robomaker-small-house-world AWSC=dd44be6205b2e6577bf641300dacc1699cb2ca81
copy $AWS $AWSC worlds/small_house.world aws-small-house/worlds/small_house.world
copy $AWS $AWSC LICENSE aws-small-house/LICENSE
# the models the world includes, without the meshes no model.sdf names and the visual meshes left out in SOURCE.md
LEFT_OUT='aws_SeasoningBox_01_visual.DAE|aws_KitchenUtensils_01_visual.DAE|aws_Tableware_01_visual.DAE'
for m in $(git --git-dir="$MIRROR/$AWS/repo" show "$AWSC:worlds/small_house.world" | sed 's/<!--.*-->//' | grep -o 'model://[A-Za-z0-9_]*' | sort -u | sed 's|model://||'); do
  git --git-dir="$MIRROR/$AWS/repo" ls-tree -r --name-only "$AWSC" "models/$m" | grep -viE '\.(png|jpe?g|tga)$' | while read -r f; do
    case "$f" in
      *.DAE|*.dae)
        # only meshes a model.sdf names outside comments
        git --git-dir="$MIRROR/$AWS/repo" show "$AWSC:models/$m/model.sdf" | perl -0pe 's/<!--.*?-->//gs' | grep -q "$(basename "$f")" || continue
        echo "$f" | grep -qE "$LEFT_OUT" && continue ;;
    esac
    copy $AWS $AWSC "$f" "aws-small-house/$f"
  done
done
