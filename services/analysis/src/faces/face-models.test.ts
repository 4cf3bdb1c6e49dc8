import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { decodeImage, type DecodedImage } from '../intake/decode-image.ts';
import { MESH_POINTS, meshPoint } from './face-mesh-points.ts';
import { MESH_POINT_COUNT } from './face-landmarks.ts';
import { loadFaceModels, type FaceModels, type FoundFace } from './face-models.ts';
import { FACE_PHOTOS, readTestPhoto } from '../testing/test-photos.ts';

let models: FaceModels;
const photos = new Map<string, DecodedImage>();

async function photo(name: string): Promise<DecodedImage> {
  const cached = photos.get(name);
  if (cached !== undefined) return cached;
  const image = await decodeImage(await readTestPhoto(name));
  photos.set(name, image);
  return image;
}

const centre = (face: FoundFace) => ({ x: face.box.x + face.box.width / 2, y: face.box.y + face.box.height / 2 });

/** Landmarks turned upright by the face's roll about the box centre, since the detector draws its box upright around the turned face. */
function uprightLandmarks(face: FoundFace): Array<{ x: number; y: number }> {
  const { x: cx, y: cy } = centre(face);
  const angle = (-face.rotation.roll * Math.PI) / 180;
  return Array.from({ length: MESH_POINT_COUNT }, (_, i) => {
    const p = meshPoint(face.landmarks, i);
    const dx = p.x - cx;
    const dy = p.y - cy;
    return { x: cx + dx * Math.cos(angle) - dy * Math.sin(angle), y: cy + dx * Math.sin(angle) + dy * Math.cos(angle) };
  });
}

/** A picture with texture and no people: sky, sun, hills with fractal noise. */
async function landscape(): Promise<DecodedImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="640">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3b6fb6"/><stop offset="1" stop-color="#d8e6f2"/></linearGradient>
      <filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.04" numOctaves="4" seed="7"/><feColorMatrix type="saturate" values="0.3"/><feBlend in="SourceGraphic" mode="multiply"/></filter>
    </defs>
    <rect width="960" height="640" fill="url(#sky)"/>
    <circle cx="760" cy="140" r="60" fill="#fff3c4"/>
    <path d="M0 420 Q 200 300 420 400 T 960 380 V 640 H 0 Z" fill="#4f7a3a" filter="url(#grain)"/>
    <path d="M0 520 Q 300 450 600 530 T 960 500 V 640 H 0 Z" fill="#8a6b3d" filter="url(#grain)"/>
  </svg>`;
  return decodeImage(await sharp(Buffer.from(svg)).png().toBuffer());
}

describe('FaceModels', () => {
  before(async () => {
    models = await loadFaceModels();
  });
  after(() => models.dispose());

  it('runs on WASM when tfjs-node is not installed', () => {
    assert.equal(models.backend, 'wasm');
  });

  for (const { name, faces } of FACE_PHOTOS) {
    it(`finds the ${faces} face${faces === 1 ? '' : 's'} in ${name}, largest first`, async () => {
      const found = await models.findFaces(await photo(name));
      assert.equal(found.faces.length, faces);
      assert.equal(found.faceCount, faces);
      const areas = found.faces.map((face) => face.box.width * face.box.height);
      assert.deepEqual(areas, [...areas].sort((a, b) => b - a));
    });
  }

  it('puts the astronaut box on her face', async () => {
    const [face] = (await models.findFaces(await photo('astronaut.jpg'))).faces;
    assert.ok(face !== undefined);
    // Her face spans about x 175-275, y 70-180 in the 512×512 portrait.
    assert.ok(Math.abs(centre(face).x - 225) < 15 && Math.abs(centre(face).y - 127) < 15, `centre ${JSON.stringify(centre(face))}`);
    assert.ok(face.box.width > 80 && face.box.width < 130, `width ${face.box.width}`);
    assert.ok(face.score > 0.7);
  });

  it("finds Messi's small face (about 35 px) and not the crowd", async () => {
    const found = await models.findFaces(await photo('messi5.jpg'));
    assert.equal(found.faces.length, 1);
    const face = found.faces[0]!;
    assert.ok(Math.abs(centre(face).x - 240) < 10 && Math.abs(centre(face).y - 115) < 10, `centre ${JSON.stringify(centre(face))}`);
    assert.ok(face.box.width < 60, `width ${face.box.width}`);
  });

  it('needs the 256 px detector for small faces: 128 px alone misses Messi', async () => {
    const frontOnly = await loadFaceModels({ detector: 'blazeface-front' });
    try {
      assert.equal((await frontOnly.findFaces(await photo('messi5.jpg'))).faces.length, 0);
    } finally {
      frontOnly.dispose();
    }
  });

  it('says which detector answered: the 128 px one for a large face, the 256 px one after it otherwise', async () => {
    assert.equal((await models.findFaces(await photo('ai-face.jpg'))).detector, 'blazeface-front');
    assert.equal((await models.findFaces(await photo('messi5.jpg'))).detector, 'blazeface-back');
  });

  it('looks past a large box FaceMesh rejects to the real face behind it', async () => {
    // A big negative of a face draws a detector box but no face; the real one is smaller, to its right.
    const negative = await sharp(await readTestPhoto('astronaut.jpg')).resize(1000, 1000).negate().toBuffer();
    const face = await sharp(await readTestPhoto('ai-face.jpg')).resize(150).toBuffer();
    const canvas = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#777777' } })
      .composite([
        { input: negative, left: 0, top: 0 },
        { input: face, left: 1200, top: 400 },
      ])
      .jpeg()
      .toBuffer();
    const image = await decodeImage(canvas);
    const unchecked = await loadFaceModels({ minPresence: 0 });
    const boxes = (await unchecked.findFaces(image)).faces;
    unchecked.dispose();
    assert.ok(boxes.length >= 2 && boxes[0]!.box.x < 1000 && boxes[0]!.presence < 0.25, 'the negative is the largest box and fails FaceMesh');
    const found = await models.findFaces(image, { maxFaces: 1 });
    assert.equal(found.faces.length, 1);
    assert.ok(found.faces[0]!.box.x > 1150, `face at x ${found.faces[0]!.box.x}`);
  });

  it('places 468 landmarks sanely on every face', async () => {
    for (const { name } of FACE_PHOTOS) {
      for (const face of (await models.findFaces(await photo(name))).faces) {
        const where = `${name} face at ${Math.round(face.box.x)},${Math.round(face.box.y)}`;
        assert.equal(face.landmarks.length, MESH_POINT_COUNT * 3);
        assert.ok(face.presence >= 0.25 && face.presence <= 1, `${where}: presence ${face.presence}`);

        const margin = 0.2;
        const { x, y, width, height } = face.box;
        for (const p of uprightLandmarks(face)) {
          assert.ok(
            p.x >= x - margin * width && p.x <= x + (1 + margin) * width && p.y >= y - margin * height && p.y <= y + (1 + margin) * height,
            `${where}: landmark ${JSON.stringify(p)} outside the box expanded by 20%`,
          );
        }

        // The photos are not mirrored, so the person's right eye is on the image's left.
        const rightEye = meshPoint(face.landmarks, MESH_POINTS.rightEyeOuter);
        const leftEye = meshPoint(face.landmarks, MESH_POINTS.leftEyeOuter);
        assert.ok(rightEye.x < leftEye.x, `${where}: right eye at x ${rightEye.x}, left eye at x ${leftEye.x}`);

        const upright = uprightLandmarks(face);
        const eyes = (upright[MESH_POINTS.rightEyeOuter]!.y + upright[MESH_POINTS.leftEyeOuter]!.y) / 2;
        const nose = upright[MESH_POINTS.noseTip]!.y;
        const mouth = upright[MESH_POINTS.upperLipInner]!.y;
        assert.ok(eyes < nose && nose < mouth, `${where}: eyes ${eyes}, nose ${nose}, mouth ${mouth} (y, upright)`);
      }
    }
  });

  it('finds the same faces in a photo stored sideways with EXIF orientation 6', async () => {
    const original = await photo('group-6.jpg');
    const sideways = await sharp(await readTestPhoto('group-6.jpg')).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const image = await decodeImage(sideways);
    assert.equal(image.orientationApplied, true);
    const expected = (await models.findFaces(original)).faces;
    const actual = (await models.findFaces(image)).faces;
    assert.equal(actual.length, expected.length);
    for (const face of expected) {
      const match = actual.find((candidate) => Math.hypot(centre(candidate).x - centre(face).x, centre(candidate).y - centre(face).y) < 0.05 * face.box.width);
      assert.ok(match !== undefined, `no face near ${JSON.stringify(centre(face))}`);
    }
  });

  it('estimates roll from the eye line: turning the photo 30° clockwise adds about 30°', async () => {
    const [upright] = (await models.findFaces(await photo('astronaut.png'))).faces;
    const turned = await decodeImage(await sharp(await readTestPhoto('astronaut.png')).rotate(30, { background: '#808080' }).png().toBuffer());
    const [face] = (await models.findFaces(turned)).faces;
    assert.ok(upright !== undefined && face !== undefined);
    assert.ok(Math.abs(upright.rotation.roll) < 8, `upright roll ${upright.rotation.roll}`);
    assert.ok(Math.abs(face.rotation.roll - upright.rotation.roll - 30) < 5, `turned roll ${face.rotation.roll}`);
  });

  it('estimates yaw from the nose between the face edges: a mirror image turns the other way', async () => {
    const original = (await models.findFaces(await photo('group-5.jpg'))).faces;
    const mirrored = await decodeImage(await sharp(await readTestPhoto('group-5.jpg')).flop().png().toBuffer());
    const flipped = (await models.findFaces(mirrored)).faces;
    const turnedFace = original.find((face) => Math.abs(face.rotation.yaw) > 25);
    assert.ok(turnedFace !== undefined, `yaws ${original.map((face) => Math.round(face.rotation.yaw))}`);
    const mirrorX = mirrored.width - centre(turnedFace).x;
    const twin = flipped.find((face) => Math.abs(centre(face).x - mirrorX) < 0.1 * turnedFace.box.width);
    assert.ok(twin !== undefined);
    assert.ok(Math.sign(twin.rotation.yaw) === -Math.sign(turnedFace.rotation.yaw), `yaw ${turnedFace.rotation.yaw} mirrored ${twin.rotation.yaw}`);
    assert.ok(Math.abs(twin.rotation.yaw + turnedFace.rotation.yaw) < 10, `yaw ${turnedFace.rotation.yaw} mirrored ${twin.rotation.yaw}`);
  });

  it('finds no face in a gradient or a landscape', async () => {
    const width = 640;
    const height = 480;
    const rgb = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) rgb.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
    }
    for (const image of [{ width, height, rgb }, await landscape()]) {
      const found = await models.findFaces(image);
      assert.deepEqual(found.faces, []);
      assert.deepEqual(found.otherBoxes, []);
      assert.equal(found.faceCount, 0);
    }
  });

  it('meshes only the largest faces when asked, and still counts the rest', async () => {
    const all = await models.findFaces(await photo('group-5.jpg'));
    const one = await models.findFaces(await photo('group-5.jpg'), { maxFaces: 1 });
    assert.equal(one.faces.length, 1);
    assert.equal(one.faceCount, 5);
    assert.deepEqual(one.faces[0]!.box, all.faces[0]!.box);
    assert.deepEqual(
      one.otherBoxes,
      all.faces.slice(1).map((face) => face.box),
    );
    assert.deepEqual(all.otherBoxes, []);
  });

  it('stops when the caller has given up', async () => {
    await assert.rejects(models.findFaces(await photo('group-5.jpg'), { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  it('releases every tensor it makes (20 runs)', async () => {
    const images = [await photo('group-5.jpg'), await photo('astronaut.jpg'), await landscape()];
    await models.findFaces(images[0]!);
    const before = tf.memory().numTensors;
    for (let run = 0; run < 20; run++) await models.findFaces(images[run % images.length]!);
    assert.equal(tf.memory().numTensors, before);
  });
});
