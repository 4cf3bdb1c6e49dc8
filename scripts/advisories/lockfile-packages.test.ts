// What counts as an installed package in a package-lock.json, and which ones only development needs.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { readLockfilePackages } from './lockfile-packages.ts';

it('lists nested and aliased packages, skips workspaces and links, and keeps devOptional in production', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lockfile-')), 'package-lock.json');
  writeFileSync(file, JSON.stringify({
    lockfileVersion: 3,
    packages: {
      '': { name: 'root', workspaces: ['services/*'] },
      'services/gateway': { name: '@shine/gateway', version: '0.1.0' },
      'node_modules/@shine/gateway': { resolved: 'services/gateway', link: true },
      'node_modules/ws': { version: '8.18.0' },
      'node_modules/typescript': { version: '5.9.3', dev: true },
      'node_modules/fsevents': { version: '2.3.3', devOptional: true, optional: true },
      'node_modules/string-width-cjs': { name: 'string-width', version: '4.2.3' },
      'services/gateway/node_modules/ws': { version: '7.5.10' },
    },
  }));
  assert.deepEqual(readLockfilePackages(file).map(({ name, version, dev }) => `${name}@${version}${dev ? ' dev' : ''}`), [
    'ws@8.18.0', 'typescript@5.9.3 dev', 'fsevents@2.3.3', 'string-width@4.2.3', 'ws@7.5.10',
  ]);
});
