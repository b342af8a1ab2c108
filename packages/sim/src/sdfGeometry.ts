// SDF <geometry>: box, cylinder, sphere, plane as they are; mesh files (STL, Collada, OBJ with <scale> and
// <submesh>), <polyline> and <cone> as triangles; capsule and ellipsoid approximated; heightmap and image
// skipped. Skips are counted for the world's one summary line, never warned one by one.
import path from 'node:path';
import type { XmlElement } from '@navstack/xml';
import { MESH_EXTENSIONS, MeshReadError, readMeshFile } from './mesh/readMesh.ts';
import { coneMesh, meshFromFile, polylineMesh } from './mesh/triangleMesh.ts';
import { findResource, type Resources } from './resources.ts';
import { child, err, KNOWN, parseBool, parseNumber, parseNumbers, positive, required, warnUnknown, type Warner } from './sdfValues.ts';
import type { Geometry } from './types.ts';

export interface GeometryContext extends Warner {
  /** Records something left out of the simulation, for the world's summary. */
  skip(reason: string, example: string): void;
  resources: Resources;
}

export function parseGeometry(el: XmlElement, file: string, ctx: GeometryContext): Geometry | undefined {
  warnUnknown(el, file, ctx, KNOWN.geometry);
  for (const g of el.children) {
    switch (g.name) {
      case 'box': {
        const s = required(g, 'size', file);
        const v = parseNumbers(s, file, [3]);
        for (const x of v) positive(s, file, x, true);
        return { type: 'box', size: [v[0], v[1], v[2]] };
      }
      case 'cylinder': {
        const r = required(g, 'radius', file);
        const l = required(g, 'length', file);
        return { type: 'cylinder', radius: positive(r, file, parseNumber(r, file)), length: positive(l, file, parseNumber(l, file), true) };
      }
      case 'sphere': {
        const r = required(g, 'radius', file);
        return { type: 'sphere', radius: positive(r, file, parseNumber(r, file)) };
      }
      case 'plane': {
        const n = child(g, 'normal');
        const s = child(g, 'size');
        const nv = n ? parseNumbers(n, file, [3]) : [0, 0, 1];
        const len = Math.hypot(nv[0], nv[1], nv[2]);
        if (n && len === 0) throw err(file, n, 'normal must not be zero');
        const sv = s ? parseNumbers(s, file, [2]) : [1000, 1000];
        if (s) for (const x of sv) positive(s, file, x, true);
        return { type: 'plane', normal: [nv[0] / len, nv[1] / len, nv[2] / len], size: [sv[0], sv[1]] };
      }
      case 'capsule': {
        const r = required(g, 'radius', file);
        const l = required(g, 'length', file);
        const radius = positive(r, file, parseNumber(r, file));
        const length = positive(l, file, parseNumber(l, file), true);
        ctx.warn(`${file}:${g.line}: <capsule> approximated by a cylinder of the same overall length`);
        return { type: 'cylinder', radius, length: length + 2 * radius };
      }
      case 'ellipsoid': {
        const r = required(g, 'radii', file);
        const v = parseNumbers(r, file, [3]);
        ctx.warn(`${file}:${g.line}: <ellipsoid> approximated by a sphere of its largest radius`);
        return { type: 'sphere', radius: positive(r, file, Math.max(...v)) };
      }
      case 'cone': {
        const r = required(g, 'radius', file);
        const l = required(g, 'length', file);
        const radius = positive(r, file, parseNumber(r, file));
        const length = positive(l, file, parseNumber(l, file));
        return { type: 'mesh', mesh: coneMesh(radius, length), source: { kind: 'cone', radius, length } };
      }
      case 'polyline':
        return polyline(el, file);
      case 'mesh':
        return mesh(g, file, ctx);
      case 'empty':
        return undefined;
      case 'heightmap':
        ctx.skip('heightmaps (terrain is not simulated: the ground is the plane z = 0)', `${file}:${g.line}`);
        return undefined;
      case 'image':
        ctx.skip('image geometries (extruded images are not read)', `${file}:${g.line}`);
        return undefined;
      default:
        break; // warned above
    }
  }
  return undefined;
}

/** Every <polyline> of a <geometry> is one loop of the same extruded shape, as in gz-sim. */
function polyline(geometryEl: XmlElement, file: string): Geometry {
  const polylines = geometryEl.children
    .filter((c) => c.name === 'polyline')
    .map((p) => {
      const h = required(p, 'height', file);
      const points = p.children.filter((c) => c.name === 'point').map((c) => parseNumbers(c, file, [2]) as [number, number]);
      if (points.length < 2) throw err(file, p, `needs at least 2 <point> elements, got ${points.length}`);
      return { points, height: positive(h, file, parseNumber(h, file)) };
    });
  return { type: 'mesh', mesh: polylineMesh(polylines), source: { kind: 'polyline', polylines } };
}

function mesh(g: XmlElement, file: string, ctx: GeometryContext): Geometry | undefined {
  warnUnknown(g, file, ctx, KNOWN.mesh);
  const uriEl = required(g, 'uri', file);
  const uri = uriEl.text.trim();
  if (uri === '') throw err(file, uriEl, 'is empty: give the mesh file (model://NAME/meshes/x.dae, a path, or a Fuel URL)');
  const scaleEl = child(g, 'scale');
  const scale = (scaleEl ? parseNumbers(scaleEl, file, [3]) : [1, 1, 1]) as [number, number, number];
  if (scaleEl && scale.some((s) => s === 0)) throw err(file, scaleEl, `must not be zero, got "${scaleEl.text}"`);
  const subEl = child(g, 'submesh');
  const submesh = subEl ? { name: required(subEl, 'name', file).text.trim(), center: child(subEl, 'center') ? parseBool(child(subEl, 'center')!, file) : false } : undefined;
  const where = `${uri} (${file}:${uriEl.line})`;
  const found = findResource(uri, file, ctx.resources);
  if (!found) {
    ctx.skip('meshes whose file was not found on the resource paths or in the Fuel cache', where);
    return undefined;
  }
  const ext = path.extname(found).slice(1).toLowerCase();
  if (!(MESH_EXTENSIONS as readonly string[]).includes(ext)) {
    ctx.skip(`meshes in formats not read (.${ext}; STL, Collada .dae and OBJ are)`, where);
    return undefined;
  }
  let triangles;
  try {
    triangles = meshFromFile(readMeshFile(found), scale, submesh);
  } catch (e) {
    if (!(e instanceof MeshReadError)) throw e;
    ctx.skip('meshes that could not be read', `${where}: ${e.message}`);
    return undefined;
  }
  if (typeof triangles === 'string') {
    ctx.skip('submeshes not found', `${where}: ${triangles}`);
    return undefined;
  }
  return { type: 'mesh', mesh: triangles, source: { kind: 'file', uri, file: found, scale, submesh: submesh?.name } };
}
