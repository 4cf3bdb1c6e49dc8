import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeImage } from '../intake/decode-image.ts';
import { EYE_OPENING_OUTLINES, FACE_FEATURE_OUTLINES } from '../faces/face-feature-outlines.ts';
import { loadFaceModels, type FaceModels } from '../faces/face-models.ts';
import { fillPolygon } from './fill-polygon.ts';
import { meshPolygon, type MeshVertex } from '../faces/mesh-outline.ts';
import { SKIN_REGION_NAMES, SKIN_REGION_OUTLINES, skinRegionPixels } from './skin-regions.ts';
import { readTestPhoto } from '../testing/test-photos.ts';

interface TestFace {
  readonly name: string;
  readonly landmarks: Float32Array;
  readonly width: number;
  readonly height: number;
}

// Real FaceMesh landmarks: frontal, turned (yaw up to ~40°) and tilted (roll up to ~45°) faces.
const PHOTOS = ['astronaut.png', 'ai-face.jpg', 'group-1.jpg', 'group-4.jpg', 'group-5.jpg', 'group-6.jpg'];
const NOT_SKIN: Readonly<Record<string, readonly MeshVertex[]>> = {
  ...FACE_FEATURE_OUTLINES,
  RIGHT_EYE_OPENING: EYE_OPENING_OUTLINES.RIGHT_EYE,
  LEFT_EYE_OPENING: EYE_OPENING_OUTLINES.LEFT_EYE,
};

describe('skin regions', () => {
  let models: FaceModels;
  const faces: TestFace[] = [];
  before(async () => {
    models = await loadFaceModels();
    for (const name of PHOTOS) {
      const image = await decodeImage(await readTestPhoto(name));
      const found = await models.findFaces(image);
      found.faces.forEach((face, index) => faces.push({ name: `${name} face ${index}`, landmarks: face.landmarks, width: image.width, height: image.height }));
    }
  });
  after(() => models.dispose());

  it('found the test faces', () => {
    assert.ok(faces.length >= 15, `${faces.length} faces`);
  });

  it('draws no region over an eye, a brow, the lips or the nostrils on any test face', () => {
    for (const face of faces) {
      const features = Object.entries(NOT_SKIN).map(([feature, outline]) => ({
        feature,
        pixels: fillPolygon(meshPolygon(face.landmarks, outline), face.width, face.height),
      }));
      for (const region of SKIN_REGION_NAMES) {
        const inside = new Set(fillPolygon(meshPolygon(face.landmarks, SKIN_REGION_OUTLINES[region]), face.width, face.height));
        assert.ok(inside.size > 0, `${face.name}: ${region} is empty`);
        for (const { feature, pixels } of features) {
          assert.ok(pixels.length > 0, `${face.name}: ${feature} is empty`);
          const shared = pixels.filter((pixel) => inside.has(pixel)).length;
          assert.equal(shared, 0, `${face.name}: ${region} covers ${shared} pixels of ${feature}`);
        }
      }
    }
  });

  it('gives four regions that do not overlap, each of a plausible size for the face', () => {
    for (const face of faces) {
      const regions = skinRegionPixels(face.landmarks, face.width, face.height);
      const seen = new Set<number>();
      for (const region of SKIN_REGION_NAMES) {
        for (const pixel of regions[region]) {
          assert.ok(!seen.has(pixel), `${face.name}: pixel ${pixel} is in two regions`);
          seen.add(pixel);
        }
      }
      const eyeDistance = Math.hypot(face.landmarks[3 * 263]! - face.landmarks[3 * 33]!, face.landmarks[3 * 263 + 1]! - face.landmarks[3 * 33 + 1]!);
      // Forehead and cheeks together cover about 0.1-0.6 of the outer-eye-corner distance squared.
      assert.ok(seen.size > 0.1 * eyeDistance ** 2 && seen.size < 0.6 * eyeDistance ** 2, `${face.name}: ${seen.size} px, eyes ${eyeDistance.toFixed(0)} px apart`);
    }
  });

  it('still leaves out the eye when a distorted mesh folds a cheek over it', () => {
    const face = faces[0]!;
    const landmarks = face.landmarks.slice();
    // Drag the right cheek's upper corners (118, 117) onto the middle of the right eye (159 above, 145 below).
    for (const corner of [118, 117]) {
      landmarks[3 * corner] = (landmarks[3 * 159]! + landmarks[3 * 145]!) / 2;
      landmarks[3 * corner + 1] = (landmarks[3 * 159 + 1]! + landmarks[3 * 145 + 1]!) / 2 - 2;
    }
    const eye = fillPolygon(meshPolygon(landmarks, FACE_FEATURE_OUTLINES.RIGHT_EYE), face.width, face.height);
    const folded = new Set(fillPolygon(meshPolygon(landmarks, SKIN_REGION_OUTLINES.RIGHT_CHEEK), face.width, face.height));
    assert.ok(eye.some((pixel) => folded.has(pixel)), 'the distorted outline does reach into the eye');
    const cheek = new Set(skinRegionPixels(landmarks, face.width, face.height).RIGHT_CHEEK);
    assert.ok(cheek.size > 0);
    assert.equal(eye.filter((pixel) => cheek.has(pixel)).length, 0);
  });

  it('clips regions at the image edge when the face is cut off', () => {
    const face = faces[0]!;
    const shift = Math.round(face.width / 2);
    const shifted = face.landmarks.slice();
    for (let i = 0; i < shifted.length; i += 3) shifted[i] = shifted[i]! - shift;
    const whole = skinRegionPixels(face.landmarks, face.width, face.height);
    const cut = skinRegionPixels(shifted, face.width, face.height);
    for (const region of SKIN_REGION_NAMES) {
      // What is left is exactly the part that was right of the shift, moved left; nothing wraps to the previous row.
      const expected = Array.from(whole[region]).filter((pixel) => pixel % face.width >= shift).map((pixel) => pixel - shift);
      assert.deepEqual(Array.from(cut[region]), expected, region);
    }
  });
});
