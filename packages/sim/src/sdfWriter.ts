// Writes ordinary SDF (loadable by Gazebo and by parseWorld) for generated and bundled worlds.
import { COLOR_WORDS, type LandmarkShape, type LandmarkSize } from './types.ts';
import { LANDMARK_ELEMENT, NAVSTACK_SDF_NAMESPACE } from './sdf.ts';

export function fmt(n: number): string {
  const v = Number(n.toFixed(4));
  return Object.is(v, -0) ? '0' : String(v);
}

export type ColorSpec = string | [number, number, number];

function rgb(color: ColorSpec): [number, number, number] {
  if (Array.isArray(color)) return color;
  const c = COLOR_WORDS[color];
  if (!c) throw new Error(`unknown colour word '${color}'`);
  return c;
}

function material(color: ColorSpec): string {
  const [r, g, b] = rgb(color);
  const s = (k: number) => `${fmt(r * k)} ${fmt(g * k)} ${fmt(b * k)} 1`;
  return `<material><ambient>${s(0.6)}</ambient><diffuse>${s(1)}</diffuse><specular>0.1 0.1 0.1 1</specular></material>`;
}

export type GeometrySpec = { type: 'box'; size: [number, number, number] } | { type: 'cylinder'; radius: number; length: number } | { type: 'sphere'; radius: number };

function geometry(g: GeometrySpec): string {
  switch (g.type) {
    case 'box':
      return `<box><size>${g.size.map(fmt).join(' ')}</size></box>`;
    case 'cylinder':
      return `<cylinder><radius>${fmt(g.radius)}</radius><length>${fmt(g.length)}</length></cylinder>`;
    case 'sphere':
      return `<sphere><radius>${fmt(g.radius)}</radius></sphere>`;
  }
}

export interface ModelSpec {
  name: string;
  x: number;
  y: number;
  /** Height of the shape's centre; default: resting on the ground. */
  z?: number;
  yaw?: number;
  geometry: GeometrySpec;
  color: ColorSpec;
  static?: boolean;
  /** Marks the model as a landmark; attributes default to what the geometry and colour say. */
  landmark?: { color?: string; shape?: LandmarkShape; size?: LandmarkSize } | boolean;
}

export function restingZ(g: GeometrySpec): number {
  return g.type === 'box' ? g.size[2] / 2 : g.type === 'cylinder' ? g.length / 2 : g.radius;
}

/** One static model with one link whose collision and visual share the geometry. */
export function modelSdf(m: ModelSpec, indent = '    '): string {
  const z = m.z ?? restingZ(m.geometry);
  const g = geometry(m.geometry);
  const lines = [`<model name="${m.name}">`, `  <static>${m.static ?? true}</static>`, `  <pose>${fmt(m.x)} ${fmt(m.y)} ${fmt(z)} 0 0 ${fmt(m.yaw ?? 0)}</pose>`];
  if (m.landmark) {
    const l = m.landmark === true ? {} : m.landmark;
    const attrs = Object.entries(l)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}="${v}"`)
      .join('');
    lines.push(`  <${LANDMARK_ELEMENT}${attrs}/>`);
  }
  lines.push(
    `  <link name="link">`,
    `    <collision name="collision"><geometry>${g}</geometry></collision>`,
    `    <visual name="visual"><geometry>${g}</geometry>${material(m.color)}</visual>`,
    `  </link>`,
    `</model>`,
  );
  return lines.map((l) => indent + l).join('\n');
}

/** A straight wall from (x1, y1) to (x2, y2). */
export function wallSdf(name: string, x1: number, y1: number, x2: number, y2: number, options: { thickness?: number; height?: number; color?: ColorSpec } = {}): string {
  const t = options.thickness ?? 0.15;
  const h = options.height ?? 1.0;
  const len = Math.hypot(x2 - x1, y2 - y1);
  return modelSdf({
    name,
    x: (x1 + x2) / 2,
    y: (y1 + y2) / 2,
    yaw: Math.atan2(y2 - y1, x2 - x1),
    geometry: { type: 'box', size: [len + t, t, h] },
    color: options.color ?? [0.85, 0.83, 0.78],
  });
}

/** An <include> of a model:// URI. */
export function includeSdf(uri: string, name: string, x: number, y: number, z = 0, yaw = 0, indent = '    '): string {
  return [`<include>`, `  <uri>${uri}</uri>`, `  <name>${name}</name>`, `  <pose>${fmt(x)} ${fmt(y)} ${fmt(z)} 0 0 ${fmt(yaw)}</pose>`, `</include>`].map((l) => indent + l).join('\n');
}

/**
 * A complete world: Gazebo's system plugins (physics, user commands, scene broadcaster, sensors with
 * ogre2 for the lidar and camera), a sun, a ground plane and the given models.
 */
export function worldSdf(name: string, models: string[], options: { comment?: string; floorColor?: [number, number, number] } = {}): string {
  const f = options.floorColor ?? [0.62, 0.6, 0.56];
  const fc = `${fmt(f[0])} ${fmt(f[1])} ${fmt(f[2])} 1`;
  return `<?xml version="1.0"?>
${options.comment ? `<!-- ${options.comment} -->\n` : ''}<sdf version="1.9" xmlns:navstack="${NAVSTACK_SDF_NAMESPACE}">
  <world name="${name}">
    <physics name="1ms" type="ignored">
      <max_step_size>0.001</max_step_size>
      <real_time_factor>1.0</real_time_factor>
    </physics>
    <plugin filename="gz-sim-physics-system" name="gz::sim::systems::Physics"/>
    <plugin filename="gz-sim-user-commands-system" name="gz::sim::systems::UserCommands"/>
    <plugin filename="gz-sim-scene-broadcaster-system" name="gz::sim::systems::SceneBroadcaster"/>
    <plugin filename="gz-sim-sensors-system" name="gz::sim::systems::Sensors">
      <render_engine>ogre2</render_engine>
    </plugin>
    <scene>
      <ambient>0.6 0.6 0.6 1</ambient>
      <background>0.7 0.8 0.9 1</background>
      <shadows>false</shadows>
    </scene>
    <light type="directional" name="sun">
      <cast_shadows>false</cast_shadows>
      <pose>0 0 10 0 0 0</pose>
      <diffuse>0.9 0.9 0.9 1</diffuse>
      <specular>0.2 0.2 0.2 1</specular>
      <direction>-0.5 0.1 -0.9</direction>
    </light>
    <model name="ground_plane">
      <static>true</static>
      <link name="link">
        <collision name="collision"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry></collision>
        <visual name="visual"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry>
          <material><ambient>${fc}</ambient><diffuse>${fc}</diffuse></material>
        </visual>
      </link>
    </model>
${models.join('\n')}
  </world>
</sdf>
`;
}

/** Four walls around [minX, maxX] x [minY, maxY]. */
export function roomWalls(prefix: string, minX: number, maxX: number, minY: number, maxY: number, options: { height?: number; color?: ColorSpec } = {}): string[] {
  return [
    wallSdf(`${prefix}_south`, minX, minY, maxX, minY, options),
    wallSdf(`${prefix}_north`, minX, maxY, maxX, maxY, options),
    wallSdf(`${prefix}_west`, minX, minY, minX, maxY, options),
    wallSdf(`${prefix}_east`, maxX, minY, maxX, maxY, options),
  ];
}
