import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lchToLab, typicalSkinHue, UNDERTONE_HUE_MARGIN, undertoneOf } from './index.ts';

describe('undertoneOf', () => {
  it('calls the typical hue for the depth neutral, at every depth', () => {
    for (let l = 20; l <= 90; l += 10) {
      assert.equal(undertoneOf(lchToLab({ l, c: 18, h: typicalSkinHue(l) })).undertone, 'neutral');
    }
  });

  it('calls a yellower hue warm and a redder one cool, just past the margin', () => {
    for (let l = 20; l <= 90; l += 10) {
      const typical = typicalSkinHue(l);
      const warm = undertoneOf(lchToLab({ l, c: 18, h: typical + UNDERTONE_HUE_MARGIN + 0.1 }));
      const cool = undertoneOf(lchToLab({ l, c: 18, h: typical - UNDERTONE_HUE_MARGIN - 0.1 }));
      assert.equal(warm.undertone, 'warm');
      assert.equal(cool.undertone, 'cool');
      assert.ok(Math.abs(warm.hueOffset - (UNDERTONE_HUE_MARGIN + 0.1)) < 1e-9);
      assert.equal(undertoneOf(lchToLab({ l, c: 18, h: typical + UNDERTONE_HUE_MARGIN - 0.1 })).undertone, 'neutral');
      assert.equal(undertoneOf(lchToLab({ l, c: 18, h: typical - UNDERTONE_HUE_MARGIN + 0.1 })).undertone, 'neutral');
    }
  });

  it('reads skin at the ends of the 40°–70° band as cool and warm', () => {
    assert.equal(undertoneOf(lchToLab({ l: 65, c: 20, h: 40 })).undertone, 'cool');
    assert.equal(undertoneOf(lchToLab({ l: 65, c: 20, h: 70 })).undertone, 'warm');
  });

  it('judges the same hue by the depth: 59° is neutral at L* 30 but warm at L* 80', () => {
    assert.equal(undertoneOf(lchToLab({ l: 30, c: 15, h: 59 })).undertone, 'neutral');
    assert.equal(undertoneOf(lchToLab({ l: 80, c: 15, h: 59 })).undertone, 'warm');
  });

  it('measures the offset the short way round: h 355° (pink, b* just below 0) is cool', () => {
    const reading = undertoneOf(lchToLab({ l: 65, c: 20, h: 355 }));
    assert.equal(reading.undertone, 'cool');
    assert.ok(Math.abs(reading.hueOffset - (355 - 360 - typicalSkinHue(65))) < 1e-9);
  });

  it('calls near-grey skin neutral whatever its hue', () => {
    assert.equal(undertoneOf({ l: 50, a: 0.5, b: 3.5 }).undertone, 'neutral');
  });
});
