// Types for the two modules behind three's ColladaLoader, used directly so that no texture image is
// ever loaded (three's TextureLoader needs a browser DOM). Only what readMesh.ts uses is declared.
declare module 'three/examples/jsm/loaders/collada/ColladaParser.js' {
  export class ColladaParser {
    parse(text: string): { library: unknown; asset: { unit: number; upAxis: string }; collada: unknown } | null;
  }
}

declare module 'three/examples/jsm/loaders/collada/ColladaComposer.js' {
  import type { Object3D } from 'three';
  interface TextureSource {
    load(url: string): unknown;
  }
  /** A <triangles>, <polylist> or <polygons> element: p holds `stride` indices per vertex; vcount the polygon sizes. */
  interface Primitive {
    p: number[];
    stride: number;
    vcount?: number[];
  }
  export class ColladaComposer {
    constructor(library: unknown, collada: unknown, textureLoader: TextureSource, tgaLoader: TextureSource);
    compose(): { scene: Object3D };
    buildGeometryData(primitive: Primitive, source: unknown, offset: number, array: number[], isColor?: boolean): void;
  }
}
