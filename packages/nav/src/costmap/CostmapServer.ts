import type { nav_msgs, sensor_msgs } from '@navstack/msgs';
import type { Publisher } from '@navstack/rcl';
import { compose, poseToMsg, type Pose2D } from '@navstack/math';
import { Activation, type Lifecycle, type NavContext } from '../navigator/lifecycle.ts';
import { Costmap2D } from './Costmap2D.ts';
import { scanHits } from './obstacleLayer.ts';
import { applyStaticMap, mapCorners } from './staticLayer.ts';

/**
 * The costmap owner (Nav2's costmap_2d_ros): one Costmap2D in `global_frame`, created around the robot's first
 * pose and grown to cover a static map; a static layer from `map` (latched), an obstacle layer from `scan`;
 * without a static map it rolls with the robot. Publishes the window around the robot on `local_costmap`.
 */
export class CostmapServer implements Lifecycle {
  /** Exists once a robot pose is known. */
  costmap: Costmap2D | undefined;
  /** Sim or wall time of the last scan (the goal executor pauses while the lidar is silent). */
  lastScanTime = -Infinity;
  #ctx: NavContext | undefined;
  #pendingMap: nav_msgs.OccupancyGrid | undefined;
  #hasStaticMap = false;
  #pub: Publisher<nav_msgs.OccupancyGrid> | undefined;
  readonly #active = new Activation();

  constructor(
    /** Called when the rolling costmap moved (the plan is in cells that moved). */
    readonly onRecentred: () => void,
  ) {}

  configure(ctx: NavContext): void {
    this.#ctx = ctx;
    this.#pub = ctx.node.createPublisher('nav_msgs/msg/OccupancyGrid', 'local_costmap');
  }
  activate(): void {
    const { node, params: p } = this.#context();
    this.#active.subscriptions(node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => this.#onScan(m)));
    if (p.use_map_topic) {
      this.#active.subscriptions(
        node.createSubscription('nav_msgs/msg/OccupancyGrid', 'map', { qos: 'latched' }, (m) => {
          this.#pendingMap = m;
          this.transformsChanged();
        }),
      );
    }
    this.#active.timer(node.createTimer(1 / p.local_costmap_rate, () => this.#publishLocal()));
  }
  deactivate(): void {
    this.#active.release();
  }
  cleanup(): void {
    this.#pub?.destroy();
    this.#pub = undefined;
    this.costmap = undefined;
    this.#pendingMap = undefined;
    this.#hasStaticMap = false;
    this.#ctx = undefined;
  }

  /** True once a static map is in the costmap (it then stays put and covers the map). */
  get hasStaticMap(): boolean {
    return this.#hasStaticMap;
  }

  #context(): NavContext {
    if (!this.#ctx) throw new Error('costmap server: not configured');
    return this.#ctx;
  }

  /** The costmap, created around `center` the first time; a rolling one recentres when the robot nears an edge. */
  ensure(center: Pose2D): Costmap2D {
    const cur = this.costmap;
    if (cur) {
      // rolling: without a static map, recentre when the robot gets within a quarter of the size of an edge
      if (!this.#hasStaticMap) {
        const margin = Math.min(cur.width, cur.height) * cur.resolution * 0.25;
        const x0 = cur.originX, y0 = cur.originY;
        const x1 = x0 + cur.width * cur.resolution, y1 = y0 + cur.height * cur.resolution;
        if (center.x - x0 < margin || x1 - center.x < margin || center.y - y0 < margin || y1 - center.y < margin) {
          this.costmap = cur.recentered(center.x, center.y);
          this.#context().node.getLogger().debug(`costmap recentred on (${center.x.toFixed(1)}, ${center.y.toFixed(1)})`);
          this.onRecentred();
        }
      }
      return this.costmap!;
    }
    const p = this.#context().params;
    let x0 = center.x - p.costmap_size / 2;
    let y0 = center.y - p.costmap_size / 2;
    let x1 = center.x + p.costmap_size / 2;
    let y1 = center.y + p.costmap_size / 2;
    const map = this.#pendingMap;
    const mapPose = map && this.#context().tf.lookup(p.global_frame, map.header.frame_id || 'map');
    if (map && mapPose) {
      for (const c of mapCorners(map, mapPose)) {
        x0 = Math.min(x0, c.x - 1);
        y0 = Math.min(y0, c.y - 1);
        x1 = Math.max(x1, c.x + 1);
        y1 = Math.max(y1, c.y + 1);
      }
    }
    this.costmap = new Costmap2D({
      resolution: p.resolution,
      width: Math.ceil((x1 - x0) / p.resolution),
      height: Math.ceil((y1 - y0) / p.resolution),
      originX: x0,
      originY: y0,
      inscribedRadius: p.robot_radius,
      inflationRadius: p.inflation_radius,
      costScalingFactor: p.cost_scaling_factor,
    });
    this.costmap.updateCosts();
    this.transformsChanged();
    return this.costmap;
  }

  /** Copies a received `map` into the costmap once the costmap exists and the map's frame can be transformed (call when /tf_static changes). */
  transformsChanged(): void {
    const map = this.#pendingMap;
    const cm = this.costmap;
    if (!map || !cm) return;
    const mapPose = this.#context().tf.lookup(this.#context().params.global_frame, map.header.frame_id || 'map');
    if (!mapPose) return;
    this.#pendingMap = undefined;
    this.#hasStaticMap = true;
    applyStaticMap(cm, map, mapPose);
    this.#context().node.getLogger().info(`static map ${map.info.width}x${map.info.height} at ${map.info.resolution} m loaded into the costmap`);
  }

  /** Forgets the lidar's obstacles (the static map stays). */
  clear(): void {
    this.costmap?.clearSeen();
  }

  #onScan(m: sensor_msgs.LaserScan): void {
    const { node, params: p, tf } = this.#context();
    this.lastScanTime = node.getClock().nowSeconds();
    const pose = this.#context().robotPose();
    if (!pose) return;
    const cm = this.ensure(pose);
    const laserInBase = tf.lookup(p.robot_base_frame, m.header.frame_id) ?? { x: 0, y: 0, yaw: 0 };
    const laser = compose(pose, laserInBase);
    const hits = scanHits(m, laser, { obstacleMaxRange: p.obstacle_max_range, raytraceMaxRange: p.raytrace_max_range, joinDistance: 2 * p.robot_radius, resolution: cm.resolution });
    const box = cm.updateFromScan(laser, hits);
    if (box) cm.updateCosts(box);
  }

  #publishLocal(): void {
    const { node, params: p } = this.#context();
    const cm = this.costmap;
    const pose = this.#context().robotPose();
    if (!cm || !pose || !this.#pub) return;
    const w = cm.window(pose.x, pose.y, p.local_costmap_size);
    const stamp = node.now();
    this.#pub.publish({
      header: { stamp, frame_id: p.global_frame },
      info: { map_load_time: stamp, resolution: cm.resolution, width: w.width, height: w.height, origin: poseToMsg({ x: w.originX, y: w.originY, yaw: 0 }) },
      data: w.data,
    });
  }
}
