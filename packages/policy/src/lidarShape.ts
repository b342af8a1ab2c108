/**
 * What each object in a scan looks like to the lidar: the scan is cut into segments at range jumps, and
 * each segment is fitted by a circle and by a corner (two lines). A cylinder or sphere fits the circle,
 * a box's faces fit the corner; the camera's flat shading barely tells them apart. Measured over the whole
 * segment (not a fixed angular window) the test works from across the room to the stand-off, where one
 * object fills a third of the view.
 */
import type { sensor_msgs } from '@navstack/msgs';

export interface ScanSegment {
  /** Beam indices, inclusive. */
  first: number;
  last: number;
  points: number;
  /** Chord length between the end points (m). */
  width: number;
  /** Fitted circle's curvature (1/m); 0 when the segment is not convex toward the sensor. */
  curvature: number;
  /**
   * Evidence for round over cornered: (corner fit's sum of squared residuals - circle fit's) / sigma^2,
   * the log-likelihood ratio (x2) under Gaussian range noise. Positive: round; negative: flat or a corner.
   */
  roundness: number;
}

/** Range noise the roundness is scaled by (the bundled robot's lidar has 0.01 m). */
const SIGMA = 0.01;

/** Cuts the scan at invalid returns and range jumps, and fits each segment of at least 4 beams. */
export function scanSegments(scan: sensor_msgs.LaserScan): { segments: ScanSegment[]; segmentOf: Int32Array } {
  const n = scan.ranges.length;
  const segmentOf = new Int32Array(n).fill(-1);
  const segments: ScanSegment[] = [];
  const valid = (r: number) => Number.isFinite(r) && r >= scan.range_min && r <= scan.range_max;
  let start = -1;
  const close = (end: number) => {
    if (start >= 0 && end - start + 1 >= 4) {
      const id = segments.length;
      segments.push(fitSegment(scan, start, end));
      for (let i = start; i <= end; i++) segmentOf[i] = id;
    }
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    const r = scan.ranges[i];
    if (!valid(r)) {
      close(i - 1);
      continue;
    }
    if (start >= 0) {
      const p = scan.ranges[i - 1];
      if (Math.abs(r - p) > 0.08 + 0.04 * Math.min(r, p)) close(i - 1);
    }
    if (start < 0) start = i;
  }
  close(n - 1);
  return { segments, segmentOf };
}

function fitSegment(scan: sensor_msgs.LaserScan, first: number, last: number): ScanSegment {
  const m = last - first + 1;
  const xs = new Float64Array(m), ys = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const a = scan.angle_min + (first + j) * scan.angle_increment;
    const r = scan.ranges[first + j];
    xs[j] = r * Math.cos(a);
    ys[j] = r * Math.sin(a);
  }
  const width = Math.hypot(xs[m - 1] - xs[0], ys[m - 1] - ys[0]);
  const circle = fitCircle(xs, ys);
  const corner = fitCorner(xs, ys);
  // convex toward the sensor: the centre lies farther away than the arc's middle
  const mid = m >> 1;
  const convex = circle !== undefined && Math.hypot(circle.cx, circle.cy) > Math.hypot(xs[mid], ys[mid]);
  const curvature = circle && convex ? 1 / circle.r : 0;
  const roundness = circle && convex ? (corner - circle.sse) / (SIGMA * SIGMA) : -corner / (SIGMA * SIGMA);
  return { first, last, points: m, width, curvature, roundness };
}

/** Algebraic (Kasa) circle fit, then the sum of squared radial residuals; undefined when degenerate. */
function fitCircle(xs: Float64Array, ys: Float64Array): { cx: number; cy: number; r: number; sse: number } | undefined {
  const m = xs.length;
  // centre the data for conditioning
  let mx = 0, my = 0;
  for (let j = 0; j < m; j++) { mx += xs[j]; my += ys[j]; }
  mx /= m; my /= m;
  let suu = 0, svv = 0, suv = 0, suuu = 0, svvv = 0, suvv = 0, svuu = 0;
  for (let j = 0; j < m; j++) {
    const u = xs[j] - mx, v = ys[j] - my;
    suu += u * u; svv += v * v; suv += u * v;
    suuu += u * u * u; svvv += v * v * v; suvv += u * v * v; svuu += v * u * u;
  }
  const det = suu * svv - suv * suv;
  if (Math.abs(det) < 1e-12) return undefined;
  const b1 = 0.5 * (suuu + suvv), b2 = 0.5 * (svvv + svuu);
  const uc = (b1 * svv - b2 * suv) / det, vc = (suu * b2 - suv * b1) / det;
  const r = Math.sqrt(uc * uc + vc * vc + (suu + svv) / m);
  const cx = uc + mx, cy = vc + my;
  let sse = 0;
  for (let j = 0; j < m; j++) {
    const e = Math.hypot(xs[j] - cx, ys[j] - cy) - r;
    sse += e * e;
  }
  return { cx, cy, r, sse };
}

/** Sum of squared residuals of two lines split at the point farthest from the chord (one line for <6 points). */
function fitCorner(xs: Float64Array, ys: Float64Array): number {
  const m = xs.length;
  if (m < 6) return lineSse(xs, ys, 0, m - 1);
  const dx = xs[m - 1] - xs[0], dy = ys[m - 1] - ys[0];
  const len = Math.hypot(dx, dy) || 1;
  let split = 1, far = -1;
  for (let j = 2; j < m - 2; j++) {
    const d = Math.abs((xs[j] - xs[0]) * dy - (ys[j] - ys[0]) * dx) / len;
    if (d > far) { far = d; split = j; }
  }
  // the corner point itself belongs to whichever face fits it better
  return Math.min(lineSse(xs, ys, 0, split) + lineSse(xs, ys, split + 1, m - 1), lineSse(xs, ys, 0, split - 1) + lineSse(xs, ys, split, m - 1));
}

/** Total-least-squares line through points i0..i1: sum of squared perpendicular residuals (smallest eigenvalue). */
function lineSse(xs: Float64Array, ys: Float64Array, i0: number, i1: number): number {
  const m = i1 - i0 + 1;
  if (m < 3) return 0;
  let mx = 0, my = 0;
  for (let j = i0; j <= i1; j++) { mx += xs[j]; my += ys[j]; }
  mx /= m; my /= m;
  let sxx = 0, syy = 0, sxy = 0;
  for (let j = i0; j <= i1; j++) {
    const u = xs[j] - mx, v = ys[j] - my;
    sxx += u * u; syy += v * v; sxy += u * v;
  }
  const tr = sxx + syy, d = sxx * syy - sxy * sxy;
  return Math.max(0, tr / 2 - Math.sqrt(Math.max(0, (tr * tr) / 4 - d)));
}
