// Benchmark of image intake and face finding, warm, one request at a time:
//   node services/analysis/bench/find-faces.ts
// Prints p50/p95 per stage and end to end. Timing lives here, never in test assertions.
import sharp from 'sharp';
import { decodeImage } from '../src/intake/decode-image.ts';
import { detectFaces, loadFaceDetector } from '../src/faces/detect-faces.ts';
import { estimateLandmarks, loadFaceMesh, meshRegion } from '../src/faces/face-landmarks.ts';
import { loadFaceModels } from '../src/faces/face-models.ts';
import { readTestPhoto } from '../src/testing/test-photos.ts';

const runs = 30;
const warmRuns = 5;

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmRuns; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
const summary = (sorted: number[]) => `p50 ${percentile(sorted, 0.5)} / p95 ${percentile(sorted, 0.95)} ms`;
const megabytes = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`;

async function inputs(): Promise<Array<[string, Buffer]>> {
  const group3 = await readTestPhoto('group-3.jpg');
  const group6 = await readTestPhoto('group-6.jpg');
  return [
    // One face filling ~30% of a landscape 1080p frame: the selfie-style photo the product expects.
    ['1080p one face', await sharp(group3).extract({ left: 800, top: 100, width: 800, height: 450 }).resize(1920, 1080).jpeg({ quality: 90 }).toBuffer()],
    ['1080p four faces', await sharp(group6).resize(1920, 1080, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer()],
    ['group-1.jpg (sRGB ICC)', await readTestPhoto('group-1.jpg')],
    ['group-6.jpg', group6],
    ['astronaut.jpg', await readTestPhoto('astronaut.jpg')],
    ['messi5.jpg', await readTestPhoto('messi5.jpg')],
  ];
}

console.log(`start: rss ${megabytes()}`);
let start = performance.now();
const models = await loadFaceModels();
console.log(`loadFaceModels (backend ${models.backend}, cascade, 3 models + warm-up): ${(performance.now() - start).toFixed(0)} ms, rss ${megabytes()}`);
start = performance.now();
const [front, back, mesh] = await Promise.all([loadFaceDetector('blazeface-front'), loadFaceDetector('blazeface-back'), loadFaceMesh()]);
console.log(`load the same three models again, cold kernels aside: ${(performance.now() - start).toFixed(0)} ms`);

for (const [name, bytes] of await inputs()) {
  const image = await decodeImage(bytes);
  const faces = await detectFaces(back, image);
  const largest = faces[0];
  const lines = [
    `decode ${summary(await timed(() => decodeImage(bytes)))}`,
    `detect front-128 ${summary(await timed(() => detectFaces(front, image)))}`,
    `detect back-256 ${summary(await timed(() => detectFaces(back, image)))}`,
    ...(largest === undefined ? [] : [`mesh one face ${summary(await timed(() => estimateLandmarks(mesh, image, meshRegion(largest))))}`]),
    `findFaces maxFaces 1 ${summary(await timed(() => models.findFaces(image, { maxFaces: 1 })))}`,
    `end to end (decode + findFaces maxFaces 1) ${summary(await timed(async () => models.findFaces(await decodeImage(bytes), { maxFaces: 1 })))}`,
    `end to end, every face meshed ${summary(await timed(async () => models.findFaces(await decodeImage(bytes))))}`,
  ];
  console.log(`\n${name}: ${image.width}×${image.height}, ${faces.length} face(s)\n  ${lines.join('\n  ')}`);
}
console.log(`\nend: rss ${megabytes()}`);
models.dispose();
