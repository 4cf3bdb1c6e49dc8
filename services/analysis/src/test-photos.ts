import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// The shared test photos live beside the checkout (see MANIFEST.md there), never inside a package.
const facesFolder = new URL('../../../../shared/data/faces/', import.meta.url);

/** Absolute path of a test photo, e.g. 'group-1.jpg'. Tests only. */
export function testPhotoPath(name: string): string {
  return fileURLToPath(new URL(name, facesFolder));
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
