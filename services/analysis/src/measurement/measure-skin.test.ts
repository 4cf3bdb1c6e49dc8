import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Code, ShineError } from '@shine/platform';
import sharp from 'sharp';
import { decodeImage } from '../intake/decode-image.ts';
import { intersectionOverUnion } from '../faces/face-geometry.ts';
import { loadFaceModels, type FaceModels, type FoundFace } from '../faces/face-models.ts';
import { fillPolygon } from './fill-polygon.ts';
import { measureSkin } from './measure-skin.ts';
import { meshPolygon } from '../faces/mesh-outline.ts';
import { skinRegionPixels } from './skin-regions.ts';
import type { RgbImage } from '../intake/rgb-image.ts';
import type { SkinMeasurement } from './skin-measurement.ts';
import { readTestPhoto } from '../testing/test-photos.ts';
import { castOf, relight } from '../testing/relight.ts';

const GROUP_PHOTOS = ['group-1.jpg', 'group-2.jpg', 'group-3.jpg', 'group-4.jpg', 'group-5.jpg', 'group-6.jpg'];
// The face outline (MediaPipe's silhouette ring): what a re-toned copy changes.
const FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109];

interface Measured {
  readonly face: FoundFace;
  readonly measurement: SkinMeasurement;
}

const monkRow = (name: string, measured: readonly Measured[]) =>
  `${name}: ${measured.map(({ measurement: { skinTone: t } }) => `MST ${t.monk} (L* ${t.lab.l.toFixed(1)}, ITA ${t.itaDegrees.toFixed(0)}°)`).join(', ')}`;

describe('measureSkin on real photos', () => {
  let models: FaceModels;
  const originals = new Map<string, { image: RgbImage; measured: Measured[] }>();

  async function measureAll(image: RgbImage): Promise<Measured[]> {
    const found = await models.findFaces(image);
    return found.faces.map((face) => ({
      face,
      measurement: measureSkin({ image, box: face.box, landmarks: face.landmarks, rotation: face.rotation, otherFaces: found.faceCount - 1, detectionScore: face.score }),
    }));
  }

  /** The face in `measured` at the same place as `face`, if the detector found it again. */
  const sameFace = (measured: readonly Measured[], face: FoundFace) => measured.find((other) => intersectionOverUnion(other.face.box, face.box) > 0.5);

  before(async () => {
    models = await loadFaceModels();
    for (const name of [...GROUP_PHOTOS, 'astronaut.png', 'ai-face.jpg']) {
      const image = await decodeImage(await readTestPhoto(name));
      originals.set(name, { image, measured: await measureAll(image) });
    }
  });
  after(() => models.dispose());

  it('measures every face in the group photos, and they span several Monk levels', (t) => {
    const levels = new Set<number>();
    for (const name of GROUP_PHOTOS) {
      const { measured } = originals.get(name)!;
      assert.ok(measured.length >= 2, name);
      t.diagnostic(monkRow(name, measured));
      for (const { measurement } of measured) {
        const tone = measurement.skinTone;
        levels.add(tone.monk);
        assert.match(tone.hex, /^#[0-9a-f]{6}$/);
        assert.ok(Math.abs(tone.monkProbabilities.reduce((sum, p) => sum + p.probability, 0) - 1) < 1e-9);
        assert.ok(tone.confidence > 0 && tone.confidence <= 1);
        assert.equal(measurement.regions.length, 4);
        assert.ok(measurement.warnings.some((warning) => warning.code === 'MULTIPLE_FACES'), `${name}: no MULTIPLE_FACES`);
      }
    }
    assert.ok(levels.size >= 4, `levels ${[...levels].sort().join(', ')}`);
  });

  it('reads the light single faces as light (MST 1-4), not as the MST 5-7 the display swatches give', (t) => {
    for (const name of ['astronaut.png', 'ai-face.jpg']) {
      const [only] = originals.get(name)!.measured;
      t.diagnostic(monkRow(name, [only!]));
      assert.ok(only!.measurement.skinTone.monk <= 4, name);
      assert.deepEqual(only!.measurement.warnings.filter((w) => w.code === 'MULTIPLE_FACES'), []);
    }
  });

  it('keeps every well-exposed face within one Monk level under a warm (2700 K) and a cool (9000 K) cast and one stop under', async (t) => {
    // A face that is over-exposed as taken has no reliable level to keep (it carries OVEREXPOSED);
    // its changes are reported, not held to.
    const variants: [string, [number, number, number]][] = [['2700 K', castOf(2700)], ['9000 K', castOf(9000)], ['-1 EV', [0.5, 0.5, 0.5]]];
    const misses: string[] = [];
    let compared = 0;
    for (const [name, { image, measured }] of originals) {
      for (const [variant, gains] of variants) {
        const changed = await measureAll(relight(image, gains));
        for (const { face, measurement } of measured) {
          const again = sameFace(changed, face);
          if (again === undefined) continue;
          const [before, after] = [measurement.skinTone.monk, again.measurement.skinTone.monk];
          const overexposed = measurement.lighting.exposure === 'OVER';
          if (before !== after) t.diagnostic(`${name} face at x ${Math.round(face.box.x)}, ${variant}: MST ${before} → ${after}${overexposed ? ' (over-exposed as taken)' : ''}`);
          if (overexposed) continue;
          compared++;
          if (Math.abs(after - before) > 1) misses.push(`${name} face at x ${Math.round(face.box.x)}, ${variant}: MST ${before} → ${after}`);
        }
      }
    }
    assert.deepEqual(misses, []);
    assert.ok(compared >= 60, `${compared} faces compared`);
  });

  it('three stops under: warns UNDEREXPOSED and trusts the level less, rather than quietly reading the face deeper', async (t) => {
    for (const name of ['astronaut.png', 'group-1.jpg']) {
      const { image, measured } = originals.get(name)!;
      const changed = await measureAll(relight(image, [1 / 8, 1 / 8, 1 / 8]));
      for (const { face, measurement } of measured) {
        const again = sameFace(changed, face);
        if (again === undefined) continue;
        const warnings = again.measurement.warnings.map((warning) => warning.code);
        t.diagnostic(`${name} face at x ${Math.round(face.box.x)}, -3 EV: MST ${measurement.skinTone.monk} → ${again.measurement.skinTone.monk}, ${warnings.join(', ')}`);
        assert.equal(again.measurement.lighting.exposure, 'UNDER', name);
        assert.ok(warnings.includes('UNDEREXPOSED'), name);
        assert.ok(again.measurement.skinTone.confidence < measurement.skinTone.confidence, `${name}: confidence ${measurement.skinTone.confidence} → ${again.measurement.skinTone.confidence}`);
      }
    }
  });

  it('one stop over: keeps most faces within one level, never reads a face deeper, and misses by at most three', async (t) => {
    // Known limit (see judgeExposure): one stop over, in a photo whose white was already near
    // clipping, looks just like lighter skin unless the skin itself clips; clipped skin is
    // brought back toward what skin can be and warned OVEREXPOSED, unclipped skin cannot be.
    let within = 0;
    let compared = 0;
    for (const [name, { image, measured }] of originals) {
      const changed = await measureAll(relight(image, [2, 2, 2]));
      for (const { face, measurement } of measured) {
        const again = sameFace(changed, face);
        if (again === undefined) continue;
        compared++;
        const [before, after] = [measurement.skinTone.monk, again.measurement.skinTone.monk];
        if (Math.abs(after - before) <= 1) within++;
        else t.diagnostic(`${name} face at x ${Math.round(face.box.x)}, +1 EV: MST ${before} → ${after}${again.measurement.warnings.some((w) => w.code === 'OVEREXPOSED') ? ' (warned OVEREXPOSED)' : ''}`);
        assert.ok(after <= before + 1 && after >= before - 3, `${name}: +1 EV, MST ${before} → ${after}`);
      }
    }
    t.diagnostic(`+1 EV: ${within} of ${compared} faces within one level`);
    assert.ok(within >= 0.6 * compared, `${within} of ${compared}`);
  });

  it('moves L*, ITA and the Monk level the right way when a face is re-toned darker or lighter', (t) => {
    const subjects = [['astronaut.png', 0], ['ai-face.jpg', 0], ['group-6.jpg', 0], ['group-6.jpg', 3], ['group-3.jpg', 2]] as const;
    for (const [name, index] of subjects) {
      const { image, measured } = originals.get(name)!;
      const { face, measurement } = measured[index]!;
      const oval = fillPolygon(meshPolygon(face.landmarks, FACE_OVAL), image.width, image.height);
      const retone = (gain: number) =>
        measureSkin({ image: relight(image, [gain, gain, gain], oval), box: face.box, landmarks: face.landmarks, rotation: face.rotation, otherFaces: 0 }).skinTone;
      const base = measurement.skinTone;
      const darker = retone(0.7);
      const lighter = retone(1.3);
      t.diagnostic(`${name} #${index}: ×0.7 L* ${darker.lab.l.toFixed(1)} MST ${darker.monk} | ×1 L* ${base.lab.l.toFixed(1)} MST ${base.monk} | ×1.3 L* ${lighter.lab.l.toFixed(1)} MST ${lighter.monk}`);
      assert.ok(darker.lab.l < base.lab.l - 3 && darker.itaDegrees < base.itaDegrees && darker.monk >= base.monk, `${name} #${index} darker`);
      // Lighter skin levels off at what skin can be (see judgeExposure), so "not darker" is all that holds near the top.
      assert.ok(lighter.lab.l > base.lab.l - 0.5 && lighter.itaDegrees > base.itaDegrees - 1 && lighter.monk <= base.monk, `${name} #${index} lighter`);
    }
  });

  it('answers every level down to MST 10 as one face is re-toned deeper and deeper', (t) => {
    const { image, measured } = originals.get('group-6.jpg')!;
    const { face } = measured[0]!;
    const oval = fillPolygon(meshPolygon(face.landmarks, FACE_OVAL), image.width, image.height);
    const ladder = [1, 0.7, 0.5, 0.35, 0.25, 0.17, 0.12, 0.08, 0.05].map((gain) => {
      const tone = measureSkin({ image: relight(image, [gain, gain, gain], oval), box: face.box, landmarks: face.landmarks, rotation: face.rotation, otherFaces: 0 }).skinTone;
      return { gain, l: tone.lab.l, monk: tone.monk };
    });
    t.diagnostic(ladder.map((step) => `×${step.gain}: L* ${step.l.toFixed(1)} MST ${step.monk}`).join(' | '));
    for (let i = 1; i < ladder.length; i++) {
      assert.ok(ladder[i]!.l < ladder[i - 1]!.l && ladder[i]!.monk >= ladder[i - 1]!.monk, `step ${ladder[i]!.gain}`);
    }
    assert.ok(ladder[0]!.monk <= 4, 'starts light');
    assert.ok(new Set(ladder.map((step) => step.monk)).size >= 7, 'passes through most levels');
    assert.equal(ladder.at(-1)!.monk, 10);
  });

  it('warns BLURRED on a blurred copy and FACE_TOO_SMALL on a small one, each with a message to act on', async () => {
    const photo = await readTestPhoto('astronaut.png');
    const codes = async (bytes: Buffer) => {
      const [first] = await measureAll(await decodeImage(bytes));
      assert.ok(first, 'a face was found');
      return first.measurement.warnings.map((warning) => warning.code);
    };
    assert.ok(!(await codes(photo)).includes('BLURRED'));
    assert.ok((await codes(await sharp(photo).blur(4).png().toBuffer())).includes('BLURRED'));
    const small = await codes(await sharp(photo).resize({ width: 180 }).png().toBuffer());
    assert.ok(small.includes('FACE_TOO_SMALL'), small.join());
    const [face] = originals.get('astronaut.png')!.measured;
    assert.ok(!face!.measurement.warnings.some((warning) => warning.code === 'FACE_TOO_SMALL'));
  });

  it('does not trust a face whose regions fall in shadow or under hair: warned, and less confident than as taken', () => {
    const { image, measured } = originals.get('astronaut.png')!;
    const { face, measurement } = measured[0]!;
    const regions = skinRegionPixels(face.landmarks, image.width, image.height);
    for (const covered of [['FOREHEAD', 'LEFT_CHEEK'], ['FOREHEAD', 'LEFT_CHEEK', 'CHIN']] as const) {
      // Dark brown at an eighth of the light: what a fringe of hair or a deep shadow leaves of the skin.
      const pixels = Uint32Array.from(covered.flatMap((region) => [...regions[region]]));
      const shaded = measureSkin({ image: relight(image, [0.125, 0.11, 0.09], pixels), box: face.box, landmarks: face.landmarks, rotation: face.rotation, otherFaces: 0 });
      const codes = shaded.warnings.map((warning) => warning.code);
      assert.ok(codes.includes('LOW_REGION_AGREEMENT'), `${covered.join('+')}: ${codes.join(', ')}`);
      assert.ok(shaded.skinTone.confidence < Math.min(0.55, measurement.skinTone.confidence), `${covered.join('+')}: confidence ${shaded.skinTone.confidence}`);
    }
  });

  it('refuses a face with no skin to measure, with a reason', () => {
    const { image, measured } = originals.get('astronaut.png')!;
    const { face } = measured[0]!;
    // Paint every region pure white: clipped, so nothing is left to measure.
    const oval = fillPolygon(meshPolygon(face.landmarks, FACE_OVAL), image.width, image.height);
    const white = Uint8Array.from(image.rgb);
    for (const pixel of oval) white.fill(255, 3 * pixel, 3 * pixel + 3);
    assert.throws(
      () => measureSkin({ image: { ...image, rgb: white }, box: face.box, landmarks: face.landmarks, rotation: face.rotation, otherFaces: 0 }),
      (error: unknown) => error instanceof ShineError && error.reason === 'NO_SKIN_PIXELS' && error.code === Code.FAILED_PRECONDITION,
    );
  });

  it('returns plain data that survives a structured clone, as across a worker thread', () => {
    const [first] = originals.get('group-1.jpg')!.measured;
    assert.deepEqual(structuredClone(first!.measurement), first!.measurement);
  });

  it('measures each face of a warm group photo in a few milliseconds (reported, not asserted)', (t) => {
    const { image, measured } = originals.get('group-5.jpg')!;
    const warm = relight(image, castOf(2700));
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const { face } of measured) {
        const start = performance.now();
        measureSkin({ image: warm, box: face.box, landmarks: face.landmarks, rotation: face.rotation, otherFaces: measured.length - 1 });
        if (round > 0) times.push(performance.now() - start);
      }
    }
    times.sort((p, q) => p - q);
    t.diagnostic(`measureSkin on group-5.jpg (${image.width}×${image.height}), 2700 K: median ${times[times.length >> 1]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms per face`);
  });
});
