// Benchmark of skin measurement per face, warm, on full-resolution group photos as taken and
// under a 2700 K cast: node services/analysis/bench/measure-skin.ts
// Prints p50/p95 per stage and for measureSkin. Timing lives here, never in test assertions.
import { linearChannelToSrgb, SRGB8_LINEAR_TABLE, whiteXyzOfCct, xyz65ToLinear } from '@shine/color';
import { adaptToD65 } from '../src/lighting/adapt-to-d65.ts';
import { decodeImage } from '../src/intake/decode-image.ts';
import { estimateIlluminant } from '../src/lighting/estimate-illuminant.ts';
import { loadFaceModels } from '../src/faces/face-models.ts';
import { judgeExposure } from '../src/lighting/judge-exposure.ts';
import { judgeSharpness } from '../src/measurement/judge-sharpness.ts';
import { measureSkin } from '../src/measurement/measure-skin.ts';
import { pixelsToLab } from '../src/measurement/pixels-to-lab.ts';
import type { RgbImage } from '../src/intake/rgb-image.ts';
import { selectSkinPixels } from '../src/measurement/select-skin-pixels.ts';
import { SKIN_REGION_NAMES, skinRegionPixels } from '../src/measurement/skin-regions.ts';
import { readTestPhoto } from '../src/testing/test-photos.ts';

const rounds = 20;

function warm(image: RgbImage): RgbImage {
  const { r, g, b } = xyz65ToLinear(whiteXyzOfCct(2700, 'planckian'));
  const gains = [r, g, b].map((gain) => gain / Math.max(r, g, b));
  const tables = gains.map((gain) => Uint8Array.from({ length: 256 }, (_, level) => Math.round(255 * linearChannelToSrgb(SRGB8_LINEAR_TABLE[level]! * gain))));
  return { ...image, rgb: image.rgb.map((value, i) => tables[i % 3]![value]!) };
}

const timings = new Map<string, number[]>();
function time<T>(stage: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  const list = timings.get(stage) ?? [];
  list.push(performance.now() - start);
  timings.set(stage, list);
  return result;
}

const models = await loadFaceModels();
for (const name of ['group-5.jpg', 'group-6.jpg']) {
  const original = await decodeImage(await readTestPhoto(name));
  const { faces, faceCount } = await models.findFaces(original);
  for (const [variant, image] of [['as taken', original], ['2700 K', warm(original)]] as const) {
    timings.clear();
    for (let round = 0; round < rounds; round++) {
      for (const face of faces) {
        const input = { image, box: face.box, landmarks: face.landmarks, rotation: face.rotation, otherFaces: faceCount - 1 };
        if (round < 3) {
          measureSkin(input);
          continue;
        }
        time('measureSkin', () => measureSkin(input));
        const regions = time('skinRegionPixels', () => skinRegionPixels(face.landmarks, image.width, image.height));
        const illuminant = time('estimateIlluminant', () => estimateIlluminant(image, face.box));
        const all = Uint32Array.from(SKIN_REGION_NAMES.flatMap((region) => [...regions[region]]));
        const exposure = time('judgeExposure', () => judgeExposure(image, all, illuminant.whiteLuminance));
        const { matrix } = adaptToD65(illuminant, exposure.gain);
        time('pixelsToLab + selectSkinPixels', () => SKIN_REGION_NAMES.map((region) => {
          const { lab, clipped } = pixelsToLab(image, regions[region], matrix, exposure.redToGreen);
          return selectSkinPixels(lab, clipped);
        }));
        time('judgeSharpness', () => judgeSharpness(image, face.box));
      }
    }
    console.log(`${name} ${variant} (${image.width}×${image.height}, ${faces.length} faces):`);
    for (const [stage, list] of timings) {
      list.sort((p, q) => p - q);
      const at = (p: number) => list[Math.min(list.length - 1, Math.floor(p * list.length))]!.toFixed(2);
      console.log(`  ${stage.padEnd(32)} p50 ${at(0.5)} / p95 ${at(0.95)} ms`);
    }
  }
}
models.dispose();
