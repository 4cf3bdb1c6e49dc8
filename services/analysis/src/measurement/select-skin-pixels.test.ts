import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deltaE2000, type Lab } from '@shine/color';
import { seededRandom, type SeededRandom } from '@shine/platform/seeded-random';
import { selectSkinPixels } from './select-skin-pixels.ts';

/** Interleaved Lab of `count` pixels around `centre`, each channel normal with spread `sigma`. */
function skinPixels(count: number, centre: Lab, sigma: number, random: SeededRandom): number[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  return Array.from({ length: count }, () => [centre.l + sigma * normal(), centre.a + sigma * normal(), centre.b + sigma * normal()]).flat();
}

const SKIN: Lab = { l: 62, a: 13, b: 18 };

describe('selectSkinPixels', () => {
  it('finds the colour of clean skin', () => {
    const { lab, count } = selectSkinPixels(Float32Array.from(skinPixels(4000, SKIN, 1.5, seededRandom(1))));
    assert.ok(deltaE2000(lab, SKIN) < 0.3, JSON.stringify(lab));
    // The percentile cut keeps 85%; the outlier test then drops almost nothing from normal data.
    assert.ok(count > 0.8 * 4000 && count <= 0.86 * 4000, `${count}`);
  });

  it('drops injected specular highlights, shadows and make-up, and is not moved by them', () => {
    const random = seededRandom(2);
    const clean = skinPixels(4000, SKIN, 1.5, random);
    // 20% shine (near-white, low chroma: four times what the highlight cut alone drops), 5% shadow, 4% red make-up.
    const specular = skinPixels(800, { l: 92, a: 3, b: 6 }, 2, random);
    const shadow = skinPixels(200, { l: 30, a: 10, b: 12 }, 3, random);
    const makeup = skinPixels(160, { l: 50, a: 45, b: 20 }, 2, random);
    const mixed = [...clean, ...specular, ...shadow, ...makeup];
    const { lab, count } = selectSkinPixels(Float32Array.from(mixed));
    assert.ok(deltaE2000(lab, SKIN) < 0.5, JSON.stringify(lab));
    // No more pixels kept than there is clean skin: the injected ones are gone.
    assert.ok(count <= 4000, `${count} kept of 4000 clean`);
    // The plain mean would have been pulled well off.
    const mean = { l: average(mixed, 0), a: average(mixed, 1), b: average(mixed, 2) };
    assert.ok(deltaE2000(mean, SKIN) > 2, JSON.stringify(mean));
  });

  it('ranks clipped pixels above the measured ones, so a half-clipped region is not read darker', () => {
    const random = seededRandom(3);
    // Skin spread in lightness; everything above L* 70 clipped away (about 30% of it).
    const all = skinPixels(6000, { l: 66, a: 12, b: 16 }, 6, random);
    const measured: number[] = [];
    let clipped = 0;
    for (let i = 0; i < all.length; i += 3) {
      if (all[i]! > 70) clipped++;
      else measured.push(all[i]!, all[i + 1]!, all[i + 2]!);
    }
    const aware = selectSkinPixels(Float32Array.from(measured), clipped).lab;
    const naive = selectSkinPixels(Float32Array.from(measured)).lab;
    assert.ok(Math.abs(aware.l - 66.5) < 1, `clip-aware L* ${aware.l.toFixed(2)}`);
    assert.ok(naive.l < aware.l - 1.5, `ignoring the clipped pixels reads L* ${naive.l.toFixed(2)}`);
  });

  it('returns no colour for no pixels, or when nearly all were clipped', () => {
    assert.equal(selectSkinPixels(new Float32Array(0)).count, 0);
    assert.ok(Number.isNaN(selectSkinPixels(new Float32Array(0)).lab.l));
    assert.equal(selectSkinPixels(Float32Array.from(skinPixels(5, SKIN, 1, seededRandom(4))), 95).count, 0);
  });
});

function average(interleaved: number[], channel: number): number {
  let sum = 0;
  for (let i = channel; i < interleaved.length; i += 3) sum += interleaved[i]!;
  return sum / (interleaved.length / 3);
}
