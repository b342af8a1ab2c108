import { Quaternion, Vector3 } from 'three';
import type { TFMessage } from '../ros/messages.ts';

interface Edge {
  parent: string;
  t: Vector3;
  q: Quaternion;
}

const tmpT = new Vector3();
const tmpQ = new Quaternion();

/** The latest transform of every frame from /tf and /tf_static; looks up a frame's pose in the fixed frame. */
export class TfTree {
  readonly #edges = new Map<string, Edge>();
  fixedFrame = 'map';

  add(msg: TFMessage): void {
    for (const tr of msg.transforms) {
      const child = tr.child_frame_id.replace(/^\//, '');
      let e = this.#edges.get(child);
      if (!e) {
        e = { parent: '', t: new Vector3(), q: new Quaternion() };
        this.#edges.set(child, e);
      }
      e.parent = tr.header.frame_id.replace(/^\//, '');
      const { translation: p, rotation: r } = tr.transform;
      e.t.set(p.x, p.y, p.z);
      e.q.set(r.x, r.y, r.z, r.w);
    }
  }

  has(frame: string): boolean {
    return this.#edges.has(frame);
  }

  /**
   * Writes the pose of `frame` in the fixed frame into (outT, outQ). Frames whose chain ends
   * somewhere else (e.g. odom with no map->odom yet) are taken as if that root were the fixed frame.
   * Returns false when the frame is unknown.
   */
  lookup(frame: string, outT: Vector3, outQ: Quaternion): boolean {
    outT.set(0, 0, 0);
    outQ.identity();
    let f = frame.replace(/^\//, '');
    if (f === this.fixedFrame) return true;
    let e = this.#edges.get(f);
    if (!e) return false;
    for (let guard = 0; e && guard < 32; guard++) {
      // out = edge * out
      tmpT.copy(outT).applyQuaternion(e.q).add(e.t);
      tmpQ.copy(e.q).multiply(outQ);
      outT.copy(tmpT);
      outQ.copy(tmpQ);
      f = e.parent;
      if (f === this.fixedFrame) return true;
      e = this.#edges.get(f);
    }
    return true;
  }
}
