import { timeToSeconds } from '@navstack/msgs';
/**
 * Bags -> training samples. Images are paired with the nearest scan (approximate time), the pose comes
 * from the nearest odometry, the instruction is the latest one. Labels are recomputed from the task's
 * ground-truth world (bag metadata) for the model's own preprocessing config; bags without it (real robot
 * recordings) give unlabelled samples.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { nav_msgs, sensor_msgs, std_msgs } from '@navstack/msgs';
import { downsampleImage, poseFromOdom, sampleScan, type PreprocessConfig } from '@navstack/policy';
import { columnLabels } from '../world/labels.ts';
import type { Pose2D, Task } from '../world/types.ts';
import { readBag } from '@navstack/bag';
import { TASK_METADATA } from './record.ts';
import { Rng } from '@navstack/math';
import { varyImage, varyScan } from './sensorVariation.ts';

export interface Sample {
  world: string;
  file: string;
  time: number;
  instruction: string;
  small: Float32Array;
  lidar: Float32Array;
  pose?: Pose2D;
  label?: { dist: Float32Array; range: Float32Array; mask: Float32Array; visible: boolean };
}


function nearest<T extends { header: { stamp: { sec: number; nanosec: number } } }>(xs: T[], t: number, slop: number): T | undefined {
  let best: T | undefined, bd = Infinity;
  for (const x of xs) {
    const d = Math.abs(timeToSeconds(x.header.stamp) - t);
    if (d < bd) { bd = d; best = x; }
  }
  return bd <= slop ? best : undefined;
}

export async function bagFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.mcap')).sort().map((f) => join(dir, f));
}

/**
 * `vary`: the fraction of frames given another lidar and camera (sensorVariation.ts) before preprocessing,
 * drawn with an RNG seeded by the file name (the same samples every run). Labels use the simulator's true scan.
 */
export async function loadBagSamples(file: string, c: PreprocessConfig, slop = 0.1, vary = 0): Promise<Sample[]> {
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 16777619) >>> 0;
  const rng = new Rng(h);
  const bag = await readBag(file, { topics: ['scan', 'camera/image_raw', 'instruction', 'odom'] });
  const meta = bag.metadata.get(TASK_METADATA);
  const task: Task | undefined = meta ? (JSON.parse(meta.task) as Task) : undefined;
  const scans: sensor_msgs.LaserScan[] = [];
  const odoms: nav_msgs.Odometry[] = [];
  const images: { image: sensor_msgs.Image; instruction: string }[] = [];
  let instruction = task?.instruction ?? '';
  const cameraOffset = Number(meta?.camera_offset ?? 0);
  for (const m of bag.messages) {
    if (m.type === 'sensor_msgs/msg/LaserScan') scans.push(m.message as sensor_msgs.LaserScan);
    else if (m.type === 'nav_msgs/msg/Odometry') odoms.push(m.message as nav_msgs.Odometry);
    else if (m.type === 'std_msgs/msg/String' && m.topic.endsWith('instruction')) instruction = (m.message as std_msgs.String).data;
    else if (m.type === 'sensor_msgs/msg/Image') images.push({ image: m.message as sensor_msgs.Image, instruction });
  }
  const out: Sample[] = [];
  for (const { image, instruction: text } of images) {
    const t = timeToSeconds(image.header.stamp);
    const scan = nearest(scans, t, slop);
    if (!scan) continue;
    const odom = nearest(odoms, t, slop);
    const pose = odom ? poseFromOdom(odom) : undefined;
    const s: Sample = {
      world: task?.worldName ?? file,
      file,
      time: t,
      instruction: text,
      ...(vary > 0 && rng.next() < vary
        ? { small: downsampleImage(c, varyImage(image, rng)), lidar: sampleScan(c, varyScan(scan, rng)) }
        : { small: downsampleImage(c, image), lidar: sampleScan(c, scan) }),
      pose,
    };
    if (task && pose) {
      const l = columnLabels(c, task.target, pose, scan, cameraOffset);
      s.label = { dist: l.dist, range: l.range, mask: l.mask, visible: l.visible };
    }
    out.push(s);
  }
  return out;
}

export async function loadSamples(dirOrFiles: string | string[], c: PreprocessConfig, vary = 0): Promise<Sample[]> {
  const files = typeof dirOrFiles === 'string' ? await bagFiles(dirOrFiles) : dirOrFiles;
  const all: Sample[] = [];
  for (const f of files) all.push(...(await loadBagSamples(f, c, 0.1, vary)));
  return all;
}

/** Split by world: every sample of a world goes to the same side (no leakage). Deterministic in the seed. */
export function splitByWorld<T extends { world: string }>(samples: T[], validationFraction: number, seed: number): { train: T[]; validation: T[] } {
  const worlds = [...new Set(samples.map((s) => s.world))].sort();
  const h = (w: string) => {
    let x = seed >>> 0;
    for (let i = 0; i < w.length; i++) x = Math.imul(x ^ w.charCodeAt(i), 2654435761) >>> 0;
    return x / 4294967296;
  };
  const ranked = worlds.map((w) => ({ w, r: h(w) })).sort((a, b) => a.r - b.r);
  const nVal = Math.max(1, Math.round(worlds.length * validationFraction));
  const val = new Set(ranked.slice(0, Math.min(nVal, worlds.length - 1)).map((x) => x.w));
  return { train: samples.filter((s) => !val.has(s.world)), validation: samples.filter((s) => val.has(s.world)) };
}
