import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lchToLab, labToLch, type Lab } from '@shine/color';
import { shadeVerdict } from './shade-verdict.ts';

const skin: Lab = { l: 62, a: 13, b: 21 };
const turned = (lab: Lab, degrees: number): Lab => {
  const lch = labToLch(lab);
  return lchToLab({ ...lch, h: lch.h + degrees });
};

describe('shadeVerdict', () => {
  it('calls the same colour practically identical, without directions', () => {
    assert.equal(shadeVerdict(skin, skin), 'practically identical');
    assert.equal(shadeVerdict(skin, { l: 62.5, a: 13.2, b: 21 }), 'practically identical');
  });

  it('says lighter or darker by how much', () => {
    assert.equal(shadeVerdict(skin, { ...skin, l: 63.6 }), 'very close: slightly lighter');
    assert.equal(shadeVerdict(skin, { ...skin, l: 59 }), 'close: lighter'.replace('lighter', 'darker'));
    assert.equal(shadeVerdict(skin, { ...skin, l: 52 }), 'noticeably different: much darker');
  });

  it('says warmer towards golden and cooler towards pink', () => {
    assert.match(shadeVerdict(skin, turned(skin, 8)), /: (slightly )?warmer$/);
    assert.match(shadeVerdict(skin, turned(skin, -8)), /: (slightly )?cooler$/);
  });

  it('names the two largest differences, largest first', () => {
    assert.equal(shadeVerdict(skin, { ...turned(skin, 6), l: 64 }), 'close: slightly warmer, slightly lighter');
    assert.equal(shadeVerdict(skin, { ...turned(skin, 10), l: 65 }), 'noticeably different: warmer, lighter');
    assert.equal(shadeVerdict(skin, { l: 55, a: 6, b: 10 }), 'noticeably different: much more muted, much darker');
  });
});
