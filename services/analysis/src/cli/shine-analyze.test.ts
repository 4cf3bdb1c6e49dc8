import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { contractRegistry } from '@shine/contracts';
import sharp from 'sharp';
import { testPhotoPath } from '../testing/test-photos.ts';

const cli = fileURLToPath(new URL('shine-analyze.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'shine-analyze-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('shine-analyze', () => {
  it('--json prints the REST answer: every field of Analysis, defaults included, the level at skinTone.monk', async () => {
    const { code, stdout } = await run(testPhotoPath('astronaut.png'), '--json');
    assert.equal(code, 0);
    const line = JSON.parse(stdout) as Record<string, any>;
    assert.equal(line.file, testPhotoPath('astronaut.png'));
    const json = line.analysis as Record<string, any>;
    const schema = contractRegistry().getMessage('shine.analysis.v1.Analysis')!;
    // Fields without presence are written even at their defaults, as the gateway writes them.
    const expected = schema.fields.filter((field) => field.fieldKind !== 'message').map((field) => field.jsonName);
    for (const key of expected) assert.ok(key in json, `no "${key}"`);
    assert.equal(json.id, '');
    assert.equal(json.persisted, false);
    assert.ok(Number.isInteger(json.skinTone.monk) && json.skinTone.monk >= 1 && json.skinTone.monk <= 10);
    assert.equal(json.skinTone.monkProbabilities.length, 10);
    for (const level of json.skinTone.monkProbabilities) assert.equal(typeof level.probability, 'number', `level ${level.level}`);
    assert.match(json.skinTone.itaClass, /^ITA_CLASS_/);
  });

  it('prints the result for a person without --json', async () => {
    const { code, stdout } = await run(testPhotoPath('astronaut.png'));
    assert.equal(code, 0);
    assert.match(stdout, /Monk Skin Tone \d+ of 10/);
    assert.match(stdout, /confidence [01]\.\d\d: the chance a person would judge this skin within one level of (\d+)/);
    assert.match(stdout, /ITA° [\d.]+/);
  });

  it('says in one line why it cannot answer: no face, no file, an unknown option', async () => {
    const blank = join(scratch, 'sky.png');
    writeFileSync(blank, await sharp({ create: { width: 400, height: 300, channels: 3, background: '#5a8cc8' } }).png().toBuffer());
    const noFace = await run(blank);
    assert.equal(noFace.code, 2);
    assert.match(noFace.stderr, /no face.*\(FAILED_PRECONDITION\)/i);
    const missing = await run(join(scratch, 'nowhere.jpg'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^shine-analyze: .*nowhere\.jpg: no such file: /);
    const typo = await run('--jsn', blank);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /^shine-analyze: unknown option --jsn: did you mean --json\?\n/);
    assert.doesNotMatch(typo.stderr, /\n\s+at /, 'no stack trace');
  });

  it('analyses many photos and folders in one run, one NDJSON line each, going on past a refused one', async () => {
    const folder = join(scratch, 'batch');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a-face.png'), await sharp(testPhotoPath('astronaut.png')).png().toBuffer());
    writeFileSync(join(folder, 'b-sky.png'), await sharp({ create: { width: 400, height: 300, channels: 3, background: '#5a8cc8' } }).png().toBuffer());
    writeFileSync(join(folder, 'notes.txt'), 'not a photo, and not named like one');
    const { code, stdout } = await run(folder, join(scratch, 'gone.jpg'), testPhotoPath('ai-face.jpg'), '--json');
    assert.equal(code, 2, 'some photos failed');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>) as [Record<string, any>, Record<string, any>, Record<string, any>, Record<string, any>];
    assert.deepEqual(lines.map((line) => line.file), [join(folder, 'a-face.png'), join(folder, 'b-sky.png'), join(scratch, 'gone.jpg'), testPhotoPath('ai-face.jpg')]);
    assert.ok(lines[0].analysis.skinTone.monk >= 1 && lines[3].analysis.skinTone.monk >= 1);
    assert.equal(lines[1].error.code, 9);
    assert.equal(lines[1].error.details[0].reason, 'NO_FACE');
    assert.equal(lines[2].error.details[0].reason, 'UNREADABLE_FILE');
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const nothing = await run(empty);
    assert.equal(nothing.code, 2, 'an empty folder is a failure, not silence');
    assert.match(nothing.stderr, /a folder with no photos in it/);
    const allGood = await run(testPhotoPath('astronaut.png'), testPhotoPath('ai-face.jpg'));
    assert.equal(allGood.code, 0);
    assert.equal(allGood.stdout.match(/Monk Skin Tone \d+ of 10/g)?.length, 2);
    assert.match(allGood.stderr, /2 of 2 photos measured/);
  });
});
