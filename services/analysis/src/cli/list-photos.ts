import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

// The file names a folder's photos are recognised by (a file named on the command line is always tried).
const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.avif', '.heic', '.heif']);

/** A path as given, expanded: a folder becomes its photos (by extension, sorted by name, not recursive); a file stays itself. */
export async function listPhotos(paths: readonly string[]): Promise<string[]> {
  const photos: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      photos.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => PHOTO_EXTENSIONS.has(extname(name).toLowerCase())).sort();
    photos.push(...names.map((name) => join(path, name)));
  }
  return photos;
}
