import { bytesOf, type Image } from '../ros/messages.ts';

/** Draws sensor_msgs/Image (rgb8, bgr8, rgba8, bgra8, mono8) into a canvas, reusing one ImageData per size. */
export class CameraImage {
  readonly canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  #img: ImageData | undefined;
  frames = 0;
  lastError = '';

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas context');
    this.#ctx = ctx;
  }

  setImage(m: Image): void {
    const { width: w, height: h } = m;
    if (w === 0 || h === 0) return;
    const src = bytesOf(m.data);
    const enc = m.encoding;
    const ch = enc === 'mono8' ? 1 : enc === 'rgba8' || enc === 'bgra8' ? 4 : enc === 'rgb8' || enc === 'bgr8' ? 3 : 0;
    if (ch === 0) {
      this.lastError = `unsupported image encoding '${enc}'`;
      return;
    }
    if (!this.#img || this.#img.width !== w || this.#img.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.#img = this.#ctx.createImageData(w, h);
    }
    const dst = this.#img.data;
    const step = m.step || w * ch;
    const bgr = enc.startsWith('bgr');
    for (let y = 0; y < h; y++) {
      let s = y * step;
      let d = y * w * 4;
      for (let x = 0; x < w; x++, s += ch, d += 4) {
        if (ch === 1) {
          dst[d] = dst[d + 1] = dst[d + 2] = src[s]!;
        } else {
          dst[d] = src[bgr ? s + 2 : s]!;
          dst[d + 1] = src[s + 1]!;
          dst[d + 2] = src[bgr ? s : s + 2]!;
        }
        dst[d + 3] = 255;
      }
    }
    this.#ctx.putImageData(this.#img, 0, 0);
    this.frames++;
  }
}
