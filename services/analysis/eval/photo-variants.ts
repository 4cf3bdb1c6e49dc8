import sharp from 'sharp';
import type { DecodedImage } from '../src/intake/decode-image.ts';
import type { Box } from '../src/faces/face-geometry.ts';
import { compositeOnBackdrop } from '../src/testing/composite-on-backdrop.ts';
import { castOf, exposureOf, relight } from '../src/testing/relight.ts';

/** The synthetic variants every labelled photo is also measured as: its level should stay within one of the photo's own. */
export const VARIANT_KINDS = ['2700K', '4000K', '9000K', '+1EV', '-1EV', 'jpeg-q50', '640px', 'on-white', 'on-black', 'on-blue'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/** A variant either as pixels (a change of light) or as a file to decode (a change of encoding or size). */
export type Variant = { readonly kind: VariantKind; readonly image: DecodedImage } | { readonly kind: VariantKind; readonly bytes: Uint8Array };

const LONG_SIDE = 640;

/**
 * The variants of one decoded photo, made in-process: warm 2700 K and 4000 K and cool 9000 K
 * casts and ±1 EV in linear light (clipping at white, as a camera would), JPEG quality 50, and
 * the photo scaled to 640 px on its long side (left out when it is no larger than that); and,
 * given the face found in the photo, the head and shoulders pasted onto a white, a black and a
 * saturated blue backdrop (the scene's evidence of exposure changes, the skin's light does not).
 */
export async function* photoVariants(image: DecodedImage, face?: Box): AsyncGenerator<Variant> {
  const lit = (kind: VariantKind, gains: readonly [number, number, number]): Variant => ({ kind, image: { ...image, ...relight(image, gains) } });
  yield lit('2700K', castOf(2700));
  yield lit('4000K', castOf(4000));
  yield lit('9000K', castOf(9000));
  yield lit('+1EV', exposureOf(1));
  yield lit('-1EV', exposureOf(-1));
  const raw = () => sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } });
  yield { kind: 'jpeg-q50', bytes: await raw().jpeg({ quality: 50 }).toBuffer() };
  if (Math.max(image.width, image.height) > LONG_SIDE) {
    const fit = image.width >= image.height ? { width: LONG_SIDE } : { height: LONG_SIDE };
    yield { kind: '640px', bytes: await raw().resize(fit).png({ compressionLevel: 1 }).toBuffer() };
  }
  if (face) {
    for (const [kind, colour] of [['on-white', [245, 245, 245]], ['on-black', [12, 12, 12]], ['on-blue', [20, 60, 200]]] as const) {
      yield { kind, image: { ...image, ...compositeOnBackdrop(image, face, colour) } };
    }
  }
}
