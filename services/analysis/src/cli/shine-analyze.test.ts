import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { contractRegistry } from '@shine/contracts';
import sharp from 'sharp';
import { testPhotoPath } from '../test-photos.ts';

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
    const json = JSON.parse(stdout) as Record<string, any>;
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
    assert.match(stdout, /ITA° [\d.]+/);
  });

  it('says in one line why it cannot answer: no face, no file, an unknown option', async () => {
    const blank = join(scratch, 'sky.png');
    writeFileSync(blank, await sharp({ create: { width: 400, height: 300, channels: 3, background: '#5a8cc8' } }).png().toBuffer());
    const noFace = await run(blank);
    assert.equal(noFace.code, 2);
    assert.match(noFace.stderr, /no face.*\(FAILED_PRECONDITION\)/i);
    const missing = await run(join(scratch, 'nowhere.jpg'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^shine-analyze: no such file: /);
    const typo = await run('--jsn', blank);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /^shine-analyze: Unknown option '--jsn'/);
    assert.doesNotMatch(typo.stderr, /\n\s+at /, 'no stack trace');
  });
});
