import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lchToLab, lightnessOfLuminance, luminanceOfLightness, MONK_SKIN_SCALE, monkLevelProbabilities, monkLevelsPerStop, monkOfSkin, monkPosition, MONK_REFERENCES, normalCdf, skinLightnessOfMonk, typicalSkinHue, typicalSkinOfMonk, type MonkLevel } from './index.ts';

const skin = (l: number, c = 18) => lchToLab({ l, c, h: typicalSkinHue(l) });
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('normalCdf', () => {
  it('matches published values of Φ to 1e-7', () => {
    // Abramowitz & Stegun table 26.1.
    const table: [number, number][] = [[0, 0.5], [0.5, 0.6914624613], [1, 0.8413447461], [1.96, 0.9750021048], [2.5, 0.9937903347], [-1, 0.1586552539], [-3, 0.0013498980]];
    for (const [x, p] of table) assert.ok(Math.abs(normalCdf(x) - p) < 1e-7, `Φ(${x}) = ${normalCdf(x)}, want ${p}`);
  });
});

describe('the Monk skin scale', () => {
  it('puts lighter skin lower on the scale: position falls with L*, level never rises, MST 1 to MST 10 both reached', () => {
    assert.ok(MONK_SKIN_SCALE.perLuminance < 0);
    let previous = 1;
    for (let l = 100; l >= 0; l -= 0.5) {
      const { level } = monkOfSkin(skin(l));
      assert.ok(level >= previous, `L* ${l}: MST ${level} after MST ${previous}`);
      previous = level;
    }
    assert.equal(monkOfSkin(skin(100)).level, 1);
    assert.equal(previous, 10);
  });

  it('answers ten probabilities summing to 1, and within-one as the sum of the three around the level', () => {
    for (const l of [85, 70, 55, 40, 25]) {
      const reading = monkOfSkin(skin(l));
      assert.equal(reading.probabilities.length, 10);
      assert.ok(Math.abs(sum(reading.probabilities) - 1) < 1e-9);
      const around = reading.probabilities.slice(Math.max(0, reading.level - 2), reading.level + 1);
      assert.ok(Math.abs(reading.withinOne - sum(around)) < 1e-12);
    }
  });

  it('spreads the probabilities wider, and lowers within-one, as the measurement gets less certain', () => {
    const sure = monkOfSkin(skin(55));
    const unsure = monkOfSkin(skin(55), { measurementSigma: 2 });
    assert.equal(unsure.level, sure.level);
    assert.ok(unsure.withinOne < sure.withinOne - 0.1, `${sure.withinOne} → ${unsure.withinOne}`);
  });

  it('goes back and forth between a level and the L* of skin on it', () => {
    for (let level = 1; level <= 10; level++) {
      const l = skinLightnessOfMonk(level);
      if (l > 0) assert.ok(Math.abs(monkPosition({ l, a: 10, b: 15 }) - level) < 1e-9, `MST ${level} at L* ${l}`);
      const typical = typicalSkinOfMonk(level as MonkLevel);
      assert.equal(monkOfSkin(typical).level, level);
    }
  });

  it('reads light skin as photos measure it (L* 74-80) as light, though the swatches of those levels are far lighter', () => {
    for (const lab of [{ l: 80, a: 10, b: 14 }, { l: 77, a: 12, b: 16 }]) {
      assert.ok(monkOfSkin(lab).level <= 3, `${JSON.stringify(lab)}: MST ${monkOfSkin(lab).level}`);
      assert.ok(MONK_REFERENCES[monkOfSkin(lab).level - 1]!.lab.l > lab.l + 10, 'the swatch of that level is far lighter than the skin');
    }
  });

  it('reads skin as deep as the MST 8-10 swatches (L* 30 and below) as MST 8 or deeper', () => {
    for (const l of [30, 25, 20]) assert.ok(monkOfSkin(skin(l)).level >= 8, `L* ${l}: MST ${monkOfSkin(skin(l)).level}`);
  });
});

describe('monkLevelsPerStop', () => {
  it('is what one stop of exposure moves the position by: most for light skin, least for deep', () => {
    const light = skin(78);
    const perStop = monkLevelsPerStop(light);
    const brighter = monkPosition({ ...light, l: lightnessOfLuminance(2 * luminanceOfLightness(78)) });
    assert.ok(Math.abs(Math.abs(brighter - monkPosition(light)) - perStop) < 0.5 * perStop, `${perStop} vs ${brighter - monkPosition(light)}`);
    assert.ok(monkLevelsPerStop(skin(78)) > monkLevelsPerStop(skin(55)) && monkLevelsPerStop(skin(55)) > monkLevelsPerStop(skin(30)));
  });
});

describe('monkLevelProbabilities', () => {
  it('says little of any level when the measurement is very uncertain, at the ends of the scale as in the middle', () => {
    for (const position of [1, 5, 10]) {
      const probabilities = monkLevelProbabilities(position, 50, 0);
      assert.ok(Math.max(...probabilities) < 0.12, `at ${position}: ${Math.max(...probabilities)}`);
    }
  });

  it('puts a measurement far past either end on that end level', () => {
    assert.ok(monkLevelProbabilities(14, 0.7, 0)[9]! > 0.999);
    assert.ok(monkLevelProbabilities(-3, 0.7, 0)[0]! > 0.999);
    assert.equal(monkLevelProbabilities(60, 0.5, 0)[9], 1);
  });

  it('gives an uncertain answer of MST 1 or MST 10 as low a within-one as one of MST 5', () => {
    const withinOne = (l: number) => monkOfSkin(skin(l), { measurementSigma: 6 });
    const middle = withinOne(skinLightnessOfMonk(5));
    for (const end of [withinOne(skinLightnessOfMonk(1)), withinOne(skinLightnessOfMonk(10))]) {
      assert.ok(end.withinOne < middle.withinOne + 0.15, `end ${end.withinOne} vs middle ${middle.withinOne}`);
      assert.ok(end.withinOne < 0.45, `${end.withinOne}`);
    }
  });
});
