import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lchToLab, nearestMonk, typicalSkinHue } from '@shine/color';
import { MONK_SKIN_ANCHORS, monkOfSkin } from './monk-skin-anchors.ts';

/** Skin at lightness `l` with a typical chroma for it, at the neutral hue. */
const skin = (l: number, c = 18) => lchToLab({ l, c, h: typicalSkinHue(l) });

describe('monkOfSkin', () => {
  it('has ten anchors, darker level by level', () => {
    assert.deepEqual(MONK_SKIN_ANCHORS.map((anchor) => anchor.level), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < 10; i++) assert.ok(MONK_SKIN_ANCHORS[i]!.lab.l < MONK_SKIN_ANCHORS[i - 1]!.lab.l);
  });

  it('gives each anchor its own level with most of the probability', () => {
    for (const anchor of MONK_SKIN_ANCHORS) {
      const reading = monkOfSkin(anchor.lab);
      assert.equal(reading.level, anchor.level);
      assert.ok(reading.probabilities[anchor.level - 1]! > 0.3);
      assert.ok(Math.abs(reading.probabilities.reduce((sum, p) => sum + p, 0) - 1) < 1e-12);
    }
  });

  it('never reads lighter skin as a deeper level, from L* 90 down to L* 15', () => {
    let previous = 1;
    for (let l = 90; l >= 15; l -= 0.5) {
      const { level } = monkOfSkin(skin(l));
      assert.ok(level >= previous, `L* ${l}: MST ${level} after MST ${previous}`);
      previous = level;
    }
    assert.equal(previous, 10);
  });

  it('reads light skin as it measures in photos as MST 1-3, where the display swatches say 5-6', () => {
    // Light skin photographed well: L* 74-80, reddish (a* 10-14), b* 14-18.
    for (const lab of [{ l: 80, a: 10, b: 14 }, { l: 77, a: 12, b: 16 }, { l: 74, a: 14, b: 18 }]) {
      assert.ok(monkOfSkin(lab).level <= 3, `${JSON.stringify(lab)}: MST ${monkOfSkin(lab).level}`);
      assert.ok(nearestMonk(lab).level >= 5, `the swatches put ${JSON.stringify(lab)} at MST ${nearestMonk(lab).level}`);
    }
  });

  it('reads the deepest skin as MST 9-10', () => {
    assert.equal(monkOfSkin({ l: 24, a: 8, b: 9 }).level, 10);
    assert.ok(monkOfSkin({ l: 30, a: 10, b: 13 }).level >= 9);
  });

  it('lets undertone move the level less than lightness does', () => {
    // A cool and a warm face at the same L* stay within a level of each other.
    for (const l of [75, 60, 45, 30]) {
      const cool = monkOfSkin(lchToLab({ l, c: 18, h: typicalSkinHue(l) - 12 })).level;
      const warm = monkOfSkin(lchToLab({ l, c: 18, h: typicalSkinHue(l) + 12 })).level;
      assert.ok(Math.abs(cool - warm) <= 1, `L* ${l}: cool MST ${cool}, warm MST ${warm}`);
    }
  });
});
