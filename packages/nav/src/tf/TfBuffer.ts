import type { tf2_msgs } from '@navstack/msgs';
import { compose, invert, yawFromQuaternion, type Pose2D } from '@navstack/math';

/**
 * The latest planar transform of each frame to its parent, from /tf and /tf_static (time is
 * ignored: navstack's 2-D nodes use the newest transform, which is exact in the simulator).
 */
export class TfBuffer {
  readonly #parent = new Map<string, { parent: string; pose: Pose2D }>();

  add(msg: tf2_msgs.TFMessage): void {
    for (const t of msg.transforms) {
      const child = strip(t.child_frame_id);
      const parent = strip(t.header.frame_id);
      if (!child || !parent || child === parent) continue;
      const tr = t.transform;
      this.#parent.set(child, { parent, pose: { x: tr.translation.x, y: tr.translation.y, yaw: yawFromQuaternion(tr.rotation) } });
    }
  }

  set(parent: string, child: string, pose: Pose2D): void {
    this.#parent.set(strip(child), { parent: strip(parent), pose });
  }

  has(frame: string): boolean {
    return this.#parent.has(strip(frame));
  }

  /** Pose of `frame` in its tree's root, with the chain of frames to it. */
  #toRoot(frame: string): { root: string; pose: Pose2D; chain: Set<string> } {
    let pose: Pose2D = { x: 0, y: 0, yaw: 0 };
    let f = strip(frame);
    const chain = new Set<string>([f]);
    for (let guard = 0; guard < 64; guard++) {
      const p = this.#parent.get(f);
      if (!p) break;
      pose = compose(p.pose, pose);
      f = p.parent;
      if (chain.has(f)) break;
      chain.add(f);
    }
    return { root: f, pose, chain };
  }

  /** The pose of `source` frame expressed in `target` frame, or undefined when they are not connected. */
  lookup(target: string, source: string): Pose2D | undefined {
    const t = strip(target);
    const s = strip(source);
    if (t === s) return { x: 0, y: 0, yaw: 0 };
    const a = this.#toRoot(t);
    const b = this.#toRoot(s);
    if (a.root !== b.root) return undefined;
    return compose(invert(a.pose), b.pose);
  }

  /** Transforms a pose given in `source` frame into `target` frame. */
  transform(target: string, source: string, pose: Pose2D): Pose2D | undefined {
    const tf = this.lookup(target, source);
    return tf ? compose(tf, pose) : undefined;
  }

  frames(): string[] {
    return [...this.#parent.keys()];
  }
}

function strip(f: string): string {
  return f.startsWith('/') ? f.slice(1) : f;
}
