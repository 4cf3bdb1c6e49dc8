import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { MONK_SKIN_SCALE } from '@shine/color';
import { analyzeDecodedPhoto } from '../src/analyze-photo.ts';
import { decodeImage } from '../src/intake/decode-image.ts';
import { loadFaceModels } from '../src/faces/face-models.ts';
import { compositeOnBackdrop } from '../src/testing/composite-on-backdrop.ts';
import { defaultLabelsPath, readLabels, toneGroupOf, type LabelledPhoto } from '../src/testing/devset.ts';
import { agreementFigures } from './agreement-report.ts';
import { crossValidated, fitOn, measureAll, type Measured } from './measure-devset.ts';

// The labelled development set (../shared/data/devset, or SHINE_DEVSET): what the eval scores in
// full, held here to the few things that must never regress.
describe('the analysis on the labelled development set', () => {
  let photos: LabelledPhoto[];
  let measured: Measured[];
  before(async () => {
    photos = await readLabels(defaultLabelsPath());
    measured = await measureAll(photos, { originalsOnly: true });
  });

  it('ships the Monk scale fitted on it: after a pipeline change, run npm run eval:analysis -- --write-fit', () => {
    const fitted = fitOn(measured);
    for (const [key, shipped] of Object.entries(MONK_SKIN_SCALE)) {
      const value = fitted[key as keyof typeof fitted];
      assert.ok(Math.abs(value - shipped) <= 6e-4 * Math.max(1, Math.abs(shipped)), `${key}: shipped ${shipped}, fitted now ${value}`);
    }
  });

  it('misses no labelled face, and held out reads deep skin no lighter and light skin no deeper than a level on average', (t) => {
    const figures = agreementFigures(crossValidated(measured, 5));
    t.diagnostic(JSON.stringify({ within1_pct: figures.within1_pct, groups: figures.groups }));
    assert.equal(figures.missed, 0, figures.missed_files.join(', '));
    assert.ok(figures.groups.deep.mean_signed > -1, `deep mean signed ${figures.groups.deep.mean_signed}`);
    assert.ok(figures.groups.light.mean_signed < 1.25, `light mean signed ${figures.groups.light.mean_signed}`);
    for (const group of ['light', 'medium', 'deep'] as const) assert.ok(figures.groups[group].within1_pct >= 60, `${group}: ${figures.groups[group].within1_pct}%`);
  });

  it('reads deep skin on a black or a saturated blue backdrop at most two levels, and on average half a level, lighter than on white', async (t) => {
    // The same face and light pasted onto three plain backdrops. On white the photo's exposure is
    // judged right; on black or blue nothing in the scene is white, so nothing may lift the skin.
    // Known: a face whose own photo has a grey backdrop keeps a grey rim that still lifts it.
    const models = await loadFaceModels();
    const lifts: number[] = [];
    for (const m of measured.filter((entry) => toneGroupOf(entry.photo.monk) === 'deep' && entry.analysis)) {
      const image = await decodeImage(await readFile(m.photo.path));
      const [white, black, blue] = await Promise.all(
        ([[245, 245, 245], [12, 12, 12], [20, 60, 200]] as const).map(async (backdrop) => {
          const pasted = await analyzeDecodedPhoto(models, { ...image, ...compositeOnBackdrop(image, m.analysis!.face.box, backdrop) });
          return pasted.measurement.skinTone.monk;
        }),
      );
      t.diagnostic(`${m.photo.file} (label ${m.photo.monk}): MST ${m.analysis!.measurement.skinTone.monk} as taken; on white ${white}, black ${black}, blue ${blue}`);
      lifts.push(white! - black!, white! - blue!);
    }
    models.dispose();
    const meanLift = lifts.reduce((sum, lift) => sum + lift, 0) / lifts.length;
    assert.ok(Math.max(...lifts) <= 2, `a face read ${Math.max(...lifts)} levels lighter on a dark backdrop`);
    assert.ok(meanLift <= 0.5, `deep faces read ${meanLift.toFixed(2)} levels lighter on dark backdrops on average`);
  });
});
