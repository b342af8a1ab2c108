// The world as visualization_msgs/MarkerArray for viewers (RViz, Foxglove, web-viz).
import type { visualization_msgs } from '@navstack/msgs';
import { defaultMessage } from '@navstack/msgs';
import { planeBox } from './geometry.ts';
import { rpyToQuaternion, toPose3 } from '@navstack/math';
import { clusterVertices } from './mesh/decimate.ts';
import type { World } from './types.ts';

const M = { CUBE: 1, SPHERE: 2, CYLINDER: 3, TEXT_VIEW_FACING: 9, TRIANGLE_LIST: 11 } as const;

/** Mesh triangles sent to viewers, at most (meshes are coarsened by vertex clustering to fit). */
export const MARKER_TRIANGLE_BUDGET = 60_000;

/**
 * One marker per visual shape (namespace = model name; meshes as TRIANGLE_LIST in the shape's frame,
 * coarsened to MARKER_TRIANGLE_BUDGET triangles in all) plus a text label per landmark (namespace 'landmarks').
 */
export function worldMarkers(world: World, frameId = 'map', stamp = { sec: 0, nanosec: 0 }): visualization_msgs.MarkerArray {
  const markers: visualization_msgs.Marker[] = [];
  let id = 0;
  const meshTriangles = meshesForViewers(world);
  for (const s of world.visuals) {
    const m = defaultMessage('visualization_msgs/msg/Marker');
    m.header = { stamp, frame_id: frameId };
    m.ns = s.model;
    m.id = id++;
    m.action = 0;
    let pose = s.pose;
    const g = s.geometry;
    switch (g.type) {
      case 'box':
        m.type = M.CUBE;
        m.scale = { x: g.size[0], y: g.size[1], z: g.size[2] };
        break;
      case 'cylinder':
        m.type = M.CYLINDER;
        m.scale = { x: 2 * g.radius, y: 2 * g.radius, z: g.length };
        break;
      case 'sphere':
        m.type = M.SPHERE;
        m.scale = { x: 2 * g.radius, y: 2 * g.radius, z: 2 * g.radius };
        break;
      case 'plane': {
        const pb = planeBox(s);
        pose = toPose3(pb.t);
        m.type = M.CUBE;
        m.scale = { x: Math.min(g.size[0], 200), y: Math.min(g.size[1], 200), z: 0.001 };
        break;
      }
      case 'mesh': {
        const p = meshTriangles.get(s)!;
        m.type = M.TRIANGLE_LIST;
        m.scale = { x: 1, y: 1, z: 1 };
        m.points = [];
        for (let i = 0; i < p.length; i += 3) m.points.push({ x: p[i]!, y: p[i + 1]!, z: p[i + 2]! });
        break;
      }
    }
    m.pose = { position: { x: pose.x, y: pose.y, z: pose.z }, orientation: rpyToQuaternion(pose.roll, pose.pitch, pose.yaw) };
    m.color = { r: s.color.r, g: s.color.g, b: s.color.b, a: s.color.a };
    markers.push(m);
  }
  for (const o of world.objects) {
    const m = defaultMessage('visualization_msgs/msg/Marker');
    m.header = { stamp, frame_id: frameId };
    m.ns = 'landmarks';
    m.id = id++;
    m.type = M.TEXT_VIEW_FACING;
    m.action = 0;
    m.pose = { position: { x: o.x, y: o.y, z: o.height + 0.25 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };
    m.scale = { x: 0, y: 0, z: 0.2 };
    m.color = { r: 1, g: 1, b: 1, a: 1 };
    m.text = `${o.name} (${o.size} ${o.color} ${o.shape})`;
    markers.push(m);
  }
  return { markers };
}

/** Each visual mesh's triangles, coarsened (the same grid for all) until the world's total fits the budget. */
function meshesForViewers(world: World): Map<World['visuals'][number], Float32Array> {
  const meshes = world.visuals.filter((s) => s.geometry.type === 'mesh');
  const out = new Map<World['visuals'][number], Float32Array>();
  const all = (cell: number) => {
    out.clear();
    let total = 0;
    for (const s of meshes) if (s.geometry.type === 'mesh') {
      const p = clusterVertices(s.geometry.mesh.positions, cell);
      out.set(s, p);
      total += p.length / 9;
    }
    return total;
  };
  for (let cell = 0; all(cell) > MARKER_TRIANGLE_BUDGET; cell = cell === 0 ? 0.01 : cell * 1.5);
  return out;
}
