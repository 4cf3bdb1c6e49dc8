import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deltaE2000, labToLch, lchToLab, typicalSkinOfMonk, type MonkLevel, type Undertone } from '@shine/color';
import { buildPalette, GROUP_SIZES, type Palette } from './build-palette.ts';
import { loadPaletteData } from './palette-data.ts';
import { describeSkin } from './skin-profile.ts';

const data = loadPaletteData();
const undertones: Undertone[] = ['warm', 'neutral', 'cool'];
const levels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function paletteFor(monk: number, undertone: Undertone, skinLab?: { l: number; a: number; b: number }): Palette {
  return buildPalette(describeSkin({ monk, undertone, skinLab }), data, undefined);
}

function group(palette: Palette, kind: string) {
  const found = palette.groups.find((candidate) => candidate.kind === kind);
  assert.ok(found, `no ${kind} group`);
  return found;
}

describe('palettes over the whole Monk range', () => {
  it('give every skin tone, deep or light, the same number of options in every group', () => {
    for (const monk of levels) {
      for (const undertone of undertones) {
        const palette = paletteFor(monk, undertone);
        for (const [kind, size] of Object.entries(GROUP_SIZES)) {
          assert.equal(group(palette, kind).swatches.length, size, `MST ${monk} ${undertone}: ${kind}`);
        }
      }
    }
  });

  it('find blush and lipstick of the right depth for every level, as well for MST 10 as for MST 1', () => {
    for (const monk of levels) {
      const skinL = typicalSkinOfMonk(monk as MonkLevel).l;
      for (const [kind, target] of [
        ['blush', 25 + 0.45 * (skinL - 15)],
        ['lipstick', 20 + 0.4 * (skinL - 15)],
      ] as const) {
        const misses = group(paletteFor(monk, 'neutral'), kind).swatches.map((swatch) => Math.abs(swatch.lab.l - target));
        const median = [...misses].sort((a, b) => a - b)[Math.floor(misses.length / 2)]!;
        assert.ok(median <= 10, `MST ${monk} ${kind}: median depth miss ${median.toFixed(1)} L*`);
      }
    }
  });

  it('deepen blush and lipstick as the skin deepens', () => {
    const medianL = (monk: number, kind: string) => {
      const values = group(paletteFor(monk, 'warm'), kind).swatches.map((swatch) => swatch.lab.l).sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)]!;
    };
    for (const kind of ['blush', 'lipstick']) {
      assert.ok(medianL(1, kind) > medianL(5, kind), kind);
      assert.ok(medianL(5, kind) > medianL(10, kind), kind);
    }
  });

  it('never recommend as "best" a garment colour that blends into the skin', () => {
    for (const monk of levels) {
      for (const undertone of undertones) {
        const palette = paletteFor(monk, undertone);
        for (const swatch of group(palette, 'best').swatches) {
          assert.ok(swatch.deltaE00ToSkin >= 10, `MST ${monk} ${undertone}: ${swatch.name} ΔE00 ${swatch.deltaE00ToSkin}`);
        }
        const best = new Set(group(palette, 'best').swatches.map((swatch) => swatch.name));
        assert.ok(group(palette, 'avoid').swatches.every((swatch) => !best.has(swatch.name)));
      }
    }
  });

  it('rank by measured contrast and ΔE00 against the skin, not only the season', () => {
    // The same season and undertone with a different measured skin reorders the garment colours.
    const light = paletteFor(6, 'warm', { l: 62, a: 12, b: 22 });
    const deep = paletteFor(6, 'warm', { l: 40, a: 14, b: 22 });
    assert.equal(light.season, deep.season);
    const names = (palette: Palette) => group(palette, 'best').swatches.map((swatch) => swatch.name).join();
    assert.notEqual(names(light), names(deep));
    for (const swatch of group(light, 'best').swatches) {
      assert.equal(swatch.deltaE00ToSkin, Math.round(deltaE2000({ l: 62, a: 12, b: 22 }, swatch.lab) * 100) / 100);
    }
  });

  it('give each swatch a one-line reason', () => {
    for (const monk of [1, 5, 10]) {
      for (const palette of [paletteFor(monk, 'cool')]) {
        for (const swatch of palette.groups.flatMap((entry) => entry.swatches)) {
          assert.ok(swatch.reason.length > 15 && !swatch.reason.includes('\n'), swatch.reason);
        }
      }
    }
  });
});

describe('seasons', () => {
  it('place the light and deep ends by undertone', () => {
    assert.equal(paletteFor(1, 'warm').season, 'LIGHT_SPRING');
    assert.equal(paletteFor(1, 'cool').season, 'LIGHT_SUMMER');
    assert.equal(paletteFor(10, 'warm').season, 'DEEP_AUTUMN');
    assert.equal(paletteFor(10, 'cool').season, 'DEEP_WINTER');
    assert.equal(paletteFor(9, 'cool').value, 'deep');
    assert.equal(paletteFor(2, 'neutral').value, 'light');
  });

  it('read clear or muted colouring from the measured skin chroma', () => {
    const atChroma = (monk: number, undertone: Undertone, chroma: number) => {
      const reference = labToLch(typicalSkinOfMonk(monk as MonkLevel));
      return paletteFor(monk, undertone, lchToLab({ l: reference.l, c: chroma, h: undertone === 'warm' ? 62 : 45 }));
    };
    assert.equal(atChroma(5, 'warm', 34).chroma, 'bright');
    assert.match(atChroma(5, 'warm', 34).season, /SPRING/);
    assert.equal(atChroma(6, 'warm', 8).season, 'SOFT_AUTUMN');
    assert.match(atChroma(6, 'cool', 8).season, /SOFT_SUMMER|TRUE_SUMMER/);
  });

  it('are the same for a face measured as typical of its level as for the level and undertone alone', () => {
    // A measured colour refines the season; skin as typical as skin of its depth measures must not move it
    // (a fixed typical chroma once read every such face as bright, and deep ones as Bright Winter).
    for (let monk = 1; monk <= 10; monk++) {
      for (const undertone of ['cool', 'warm'] as const) {
        const measured = paletteFor(monk, undertone, typicalSkinOfMonk(monk as MonkLevel));
        assert.equal(measured.chroma, 'medium', `MST ${monk} ${undertone}`);
        assert.equal(measured.season, paletteFor(monk, undertone).season, `MST ${monk} ${undertone}`);
      }
    }
  });

  it('are surer of a clear case than of a borderline one', () => {
    const clear = paletteFor(10, 'cool').seasonConfidence;
    const borderline = paletteFor(5, 'neutral').seasonConfidence;
    assert.ok(clear > borderline, `${clear} vs ${borderline}`);
    assert.ok(clear <= 1 && borderline > 0);
  });

  it('name the foundation undertone family after the undertone', () => {
    for (const undertone of undertones) {
      assert.equal(group(paletteFor(4, undertone), 'foundation').undertoneFamily, undertone);
    }
  });
});

describe('what a swatch says', () => {
  it('never tells a person a colour is for a skin depth other than theirs: no palette, at any level, names one', () => {
    // The code ranks by depth and says how a colour sits on the person's own skin; a data reason
    // saying "for deep skin" shown to light skin (or "for fair skin" to deep) contradicts it.
    const depthWords = /\b(fair|light|medium|tan|deep|deeper|deepest|dark)(?: to \w+)?(?: \w+)? skin\b/i;
    for (const monk of levels) {
      for (const undertone of undertones) {
        for (const { swatches } of paletteFor(monk, undertone).groups) {
          for (const swatch of swatches) assert.doesNotMatch(swatch.reason.split(';')[0]!, depthWords, `MST ${monk} ${undertone}: ${swatch.name}: ${swatch.reason}`);
        }
      }
    }
  });
});
