import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

// The file names a folder's photos are recognised by (a file named on the command line is always tried).
const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.avif', '.heic', '.heif']);

/**
 * A path as given, expanded: a folder becomes its photo files (by extension, sorted by name, not
 * recursive), or stays itself when it holds none, so that reading it fails and says so; a file
 * stays itself.
 */
export async function listPhotos(paths: readonly string[]): Promise<string[]> {
  const photos: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      photos.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const names = entries.filter((entry) => entry.isFile() && PHOTO_EXTENSIONS.has(extname(entry.name).toLowerCase())).map((entry) => entry.name);
    if (names.length === 0) photos.push(path);
    photos.push(...names.sort().map((name) => join(path, name)));
  }
  return photos;
}
