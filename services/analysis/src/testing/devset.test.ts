import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readLabels, toneGroupOf } from './devset.ts';

const scratch = mkdtempSync(join(tmpdir(), 'shine-labels-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const HEADER = 'file\tmonk\trange\tsource\tnotes';

function labels(...rows: string[]): string {
  const path = join(scratch, `labels-${Math.random().toString(36).slice(2)}.tsv`);
  writeFileSync(path, [HEADER, ...rows].join('\n'));
  return path;
}

describe('readLabels', () => {
  it('reads each labelled photo with its path beside labels.tsv, its range defaulting to the label itself', async () => {
    const path = labels('a.jpg\t8\t7-9\towner/repo@abc:a.jpg\tnotes', 'b.png\t2\t\t\t', '');
    const photos = await readLabels(path);
    assert.deepEqual(photos.map((p) => [p.file, p.monk, p.range, p.source]), [['a.jpg', 8, [7, 9], 'owner/repo@abc:a.jpg'], ['b.png', 2, [2, 2], '']]);
    assert.equal(photos[0]!.path, join(scratch, 'a.jpg'));
  });

  it('refuses, naming the line, what is not a level, a range that does not hold the label, and a photo labelled twice', async () => {
    await assert.rejects(readLabels(labels('a.jpg\t0x2\t\t\t')), /:2: '0x2' is not a Monk level 1-10/);
    await assert.rejects(readLabels(labels('a.jpg\t11\t\t\t')), /:2: '11' is not a Monk level/);
    await assert.rejects(readLabels(labels('a.jpg\t5\t6-7\t\t')), /:2: range 6-7 does not hold the label 5/);
    await assert.rejects(readLabels(labels('a.jpg\t5\t9-1-5\t\t')), /:2: range '9-1-5' is not a level or two levels/);
    await assert.rejects(readLabels(labels('a.jpg\t5\t\t\t', 'a.jpg\t6\t\t\t')), /:3: a.jpg is labelled twice/);
    await assert.rejects(readLabels(join(scratch, 'none.tsv')), /no labels at .*none\.tsv/);
  });

  it('groups light as MST 1-3, medium 4-6, deep 7-10', () => {
    assert.deepEqual([1, 3, 4, 6, 7, 10].map(toneGroupOf), ['light', 'light', 'medium', 'medium', 'deep', 'deep']);
  });
});
