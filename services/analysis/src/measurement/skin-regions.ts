import { FACE_FEATURE_OUTLINES } from '../faces/face-feature-outlines.ts';
import { fillPolygon } from './fill-polygon.ts';
import { meshPolygon, type MeshVertex } from '../faces/mesh-outline.ts';

/** The measured skin regions, named as the suffixes of the proto enum `SkinRegion`, in its order. */
export type SkinRegionName = 'FOREHEAD' | 'LEFT_CHEEK' | 'RIGHT_CHEEK' | 'CHIN';
export const SKIN_REGION_NAMES: readonly SkinRegionName[] = ['FOREHEAD', 'LEFT_CHEEK', 'RIGHT_CHEEK', 'CHIN'];

/**
 * Bare-skin patches as FaceMesh outlines; sides are the person's own (the left cheek is on the
 * image's right). Each keeps a margin from features and edges:
 *  - forehead: a band from 30% of the way up from the brows to halfway to the mesh's top row, so
 *    neither brow hairs nor a fringe reach it;
 *  - cheeks: from the third ring under the eye down to the mouth-corner level, between the
 *    nose-side fold and the cheekbone edge, away from the shadowed jaw;
 *  - chin: below the ring under the lower lip, above the jaw line where stubble and neck shadow start.
 */
export const SKIN_REGION_OUTLINES: Readonly<Record<SkinRegionName, readonly MeshVertex[]>> = {
  FOREHEAD: [
    [105, 104, 0.3], 69, [108, 109, 0.5], [151, 10, 0.5], [337, 338, 0.5], 299, [334, 333, 0.3],
    [296, 299, 0.3], [336, 337, 0.3], [9, 151, 0.3], [107, 108, 0.3], [66, 69, 0.3],
  ],
  LEFT_CHEEK: [347, 330, 266, 425, 411, 352, 346],
  RIGHT_CHEEK: [118, 101, 36, 205, 187, 123, 117],
  CHIN: [182, 83, 18, 313, 406, 418, 262, 428, 199, 208, 32, 194],
};

/** Row-major pixel indices (ascending) of each region, inside the image. */
export type SkinRegionPixels = Readonly<Record<SkinRegionName, Uint32Array>>;

/**
 * Rasterises the skin regions of one face. Pixels under an eye, brow, the lips or the nostrils are
 * removed even when a turned head folds a region over them.
 */
export function skinRegionPixels(landmarks: Float32Array, width: number, height: number): SkinRegionPixels {
  const fill = (outline: readonly MeshVertex[]) => fillPolygon(meshPolygon(landmarks, outline), width, height);
  const regions = SKIN_REGION_NAMES.map((name) => fill(SKIN_REGION_OUTLINES[name]));
  const features = new PixelMask(regions, width);
  for (const outline of Object.values(FACE_FEATURE_OUTLINES)) features.mark(fill(outline));
  const [forehead, leftCheek, rightCheek, chin] = regions.map((pixels) => features.without(pixels)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  return { FOREHEAD: forehead, LEFT_CHEEK: leftCheek, RIGHT_CHEEK: rightCheek, CHIN: chin };
}

/** A set of pixels over the bounding box of some pixel lists: all that feature removal needs to look at. */
class PixelMask {
  readonly width: number;
  readonly left: number;
  readonly top: number;
  readonly boxWidth: number;
  readonly boxHeight: number;
  readonly marked: Uint8Array;

  constructor(lists: readonly Uint32Array[], width: number) {
    let left = Number.POSITIVE_INFINITY;
    let right = -1;
    let top = Number.POSITIVE_INFINITY;
    let bottom = -1;
    for (const pixels of lists) {
      for (const pixel of pixels) {
        const x = pixel % width;
        if (x < left) left = x;
        if (x > right) right = x;
      }
      if (pixels.length > 0) {
        top = Math.min(top, Math.floor(pixels[0]! / width));
        bottom = Math.max(bottom, Math.floor(pixels[pixels.length - 1]! / width));
      }
    }
    this.width = width;
    this.left = left;
    this.top = top;
    this.boxWidth = Math.max(0, right - left + 1);
    this.boxHeight = Math.max(0, bottom - top + 1);
    this.marked = new Uint8Array(this.boxWidth * this.boxHeight);
  }

  mark(pixels: Uint32Array): void {
    for (const pixel of pixels) {
      const index = this.#index(pixel);
      if (index >= 0) this.marked[index] = 1;
    }
  }

  /** `pixels` (ascending) without the marked ones, still ascending. A plain loop: this runs per pixel of every region. */
  without(pixels: Uint32Array): Uint32Array {
    const kept = new Uint32Array(pixels.length);
    const { width, left, top, boxWidth, boxHeight, marked } = this;
    let count = 0;
    for (let index = 0; index < pixels.length; index++) {
      const pixel = pixels[index]!;
      const y = Math.floor(pixel / width);
      const x = pixel - y * width - left;
      const row = y - top;
      const inside = x >= 0 && row >= 0 && x < boxWidth && row < boxHeight;
      if (!inside || marked[row * boxWidth + x] !== 1) kept[count++] = pixel;
    }
    return kept.slice(0, count);
  }

  /** The pixel's place in the box, −1 outside it. */
  #index(pixel: number): number {
    const x = (pixel % this.width) - this.left;
    const y = Math.floor(pixel / this.width) - this.top;
    return x >= 0 && y >= 0 && x < this.boxWidth && y < this.boxHeight ? y * this.boxWidth + x : -1;
  }
}
