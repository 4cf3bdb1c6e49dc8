// Every package a package-lock.json (lockfileVersion 2 or 3) installs, with the version installed
// and whether only development needs it. Workspace folders and links are our own code, not packages.
import { readFileSync } from 'node:fs';

export type InstalledPackage = { name: string; version: string; path: string; dev: boolean };

type LockEntry = { name?: string; version?: string; link?: boolean; dev?: boolean };

export function readLockfilePackages(path: string): InstalledPackage[] {
  const lock = JSON.parse(readFileSync(path, 'utf8')) as { lockfileVersion?: number; packages?: Record<string, LockEntry> };
  if (!lock.packages) throw new Error(`${path}: no "packages" section (lockfileVersion ${lock.lockfileVersion ?? '?'}); npm 7 or later writes one`);
  const installed: InstalledPackage[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const folder = path.lastIndexOf('node_modules/');
    if (folder === -1 || entry.link || !entry.version) continue;
    // An alias ("x": "npm:y@1") is installed under x but is the package named y.
    const name = entry.name ?? path.slice(folder + 'node_modules/'.length);
    // "devOptional" is also an optional production dependency, so only "dev" leaves production.
    installed.push({ name, version: entry.version, path, dev: entry.dev === true });
  }
  return installed;
}
