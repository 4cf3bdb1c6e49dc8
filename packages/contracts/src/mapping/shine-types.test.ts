import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNDERTONES } from '@shine/color';
import { Code, ShineError } from '@shine/platform/errors';
import { typeV1 } from '../index.ts';
import { protoEnum } from './proto-enum.ts';
import { labFromMessage, labToMessage, moneyFromMessage, moneyToMessage, undertoneEnum } from './shine-types.ts';

function invalidArgument(pattern: RegExp, reason: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ShineError);
    assert.equal(error.code, Code.INVALID_ARGUMENT);
    assert.equal(error.reason, reason);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('undertoneEnum', () => {
  it('maps every undertone both ways, unspecified as none', () => {
    assert.equal(undertoneEnum.toProto('warm'), typeV1.Undertone.UNDERTONE_WARM);
    assert.equal(undertoneEnum.toProto('cool'), typeV1.Undertone.UNDERTONE_COOL);
    assert.equal(undertoneEnum.toProto(undefined), typeV1.Undertone.UNDERTONE_UNSPECIFIED);
    for (const word of UNDERTONES) assert.equal(undertoneEnum.fromProto(undertoneEnum.toProto(word), 'undertone'), word);
    assert.equal(undertoneEnum.fromProto(typeV1.Undertone.UNDERTONE_UNSPECIFIED, 'undertone'), undefined);
  });

  it('refuses a number the contract lacks, naming the field and the values it takes', () => {
    assert.throws(
      () => undertoneEnum.fromProto(7, 'skin_undertone'),
      invalidArgument(/^skin_undertone 7 is not one of UNDERTONE_WARM, UNDERTONE_NEUTRAL, UNDERTONE_COOL$/, 'INVALID_ENUM_VALUE'),
    );
  });
});

describe('protoEnum', () => {
  it('fails when built with a word the contract lacks, not on a call', () => {
    assert.throws(() => protoEnum(typeV1.Undertone, 'UNDERTONE_', ['warm', 'olive']), /UNDERTONE_OLIVE is not in the contract/);
  });
});

describe('LabColor', () => {
  it('rounds an answer to the digits asked', () => {
    assert.deepEqual(labToMessage({ l: 61.23456, a: 12.98765, b: -0.00449 }), { l: 61.23, a: 12.99, b: -0 });
    assert.deepEqual(labToMessage({ l: 61.23456, a: 12.98765, b: 3 }, 4), { l: 61.2346, a: 12.9877, b: 3 });
  });

  it('takes a colour in range and names every coordinate out of range', () => {
    assert.deepEqual(labFromMessage({ l: 0, a: -128, b: 128 }, 'skinLab'), { l: 0, a: -128, b: 128 });
    assert.throws(
      () => labFromMessage({ l: 140, a: 0, b: Number.NaN }, 'skinLab'),
      invalidArgument(/^skinLab\.l must be from 0 to 100, got 140; skinLab\.b must be from -128 to 128, got NaN$/, 'INVALID_SKIN_LAB'),
    );
  });
});

describe('Money', () => {
  it('reads a price exactly and writes it back', () => {
    const price = moneyFromMessage({ currencyCode: 'EUR', units: '34', nanos: 990_000_000 }, 'minPrice');
    assert.deepEqual(price, { amount: '34.990000000', currency: 'EUR' });
    assert.deepEqual(moneyToMessage(price), { currencyCode: 'EUR', units: '34', nanos: 990_000_000 });
    assert.deepEqual(moneyToMessage({ amount: '5', currency: 'USD' }), { currencyCode: 'USD', units: '5', nanos: 0 });
  });

  it('refuses what is not a price, naming the field', () => {
    assert.throws(() => moneyFromMessage({ currencyCode: 'usd', units: '1', nanos: 0 }, 'minPrice'), invalidArgument(/^minPrice needs currencyCode/, 'INVALID_PRICE'));
    assert.throws(() => moneyFromMessage({ currencyCode: 'USD', units: '-1', nanos: 0 }, 'max_price'), invalidArgument(/^max_price must not be negative$/, 'INVALID_PRICE'));
    assert.throws(() => moneyFromMessage({ currencyCode: 'USD', units: '1', nanos: 1_000_000_000 }, 'max_price'), invalidArgument(/^max_price is out of range$/, 'INVALID_PRICE'));
  });
});
