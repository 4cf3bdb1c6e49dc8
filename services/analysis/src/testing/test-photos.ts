import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The shared test photos live beside the checkout (see MANIFEST.md there), never inside a package;
// SHINE_TEST_PHOTOS points elsewhere (a clone that does not sit beside shared/).
const facesFolder = process.env['SHINE_TEST_PHOTOS'] || fileURLToPath(new URL('../../../../../shared/data/faces/', import.meta.url));

/** Absolute path of a test photo, e.g. 'group-1.jpg'. Tests only. */
export function testPhotoPath(name: string): string {
  if (!existsSync(facesFolder)) {
    throw new Error(`the test photos are not at ${facesFolder}: clone Shine beside shared/ (data/faces), or set SHINE_TEST_PHOTOS to that folder`);
  }
  return join(facesFolder, name);
}

/** The bytes of a test photo. Tests only. */
export async function readTestPhoto(name: string): Promise<Buffer> {
  return readFile(testPhotoPath(name));
}

/** Every test photo with faces in it and how many faces it shows (counted by eye). */
export const FACE_PHOTOS: ReadonlyArray<{ readonly name: string; readonly faces: number }> = [
  { name: 'astronaut.jpg', faces: 1 },
  { name: 'astronaut.png', faces: 1 },
  { name: 'messi5.jpg', faces: 1 },
  { name: 'ai-face.jpg', faces: 1 },
  { name: 'group-1.jpg', faces: 3 },
  { name: 'group-2.jpg', faces: 3 },
  { name: 'group-3.jpg', faces: 3 },
  { name: 'group-4.jpg', faces: 4 },
  { name: 'group-5.jpg', faces: 5 },
  { name: 'group-6.jpg', faces: 4 },
];
