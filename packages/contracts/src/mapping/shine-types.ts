// The shared shine.type.v1 messages and enums mapped to and from the domain's types, both ways,
// for every service: one place that knows UNDERTONE_WARM is 'warm' and how a LabColor is checked.
import { UNDERTONES, type Lab, type Undertone } from '@shine/color';
import { Code, quoteInput, ShineError } from '@shine/platform/errors';
import * as typeV1 from '../gen/index.shine.type.v1.ts';
import { protoEnum } from './proto-enum.ts';

export const undertoneEnum = protoEnum<Undertone, typeV1.Undertone>(typeV1.Undertone, 'UNDERTONE_', UNDERTONES);

/** A colour as a LabColor, each coordinate rounded to `digits` decimals (answers need no float noise). */
export function labToMessage(lab: Lab, digits = 2): typeV1.LabColor {
  const factor = 10 ** digits;
  const round = (value: number) => Math.round(value * factor) / factor;
  return { l: round(lab.l), a: round(lab.a), b: round(lab.b) };
}

/**
 * A LabColor from a request as a colour; INVALID_ARGUMENT (reason INVALID_SKIN_LAB) naming `field`
 * and every coordinate out of range (L* 0-100, a* and b* ±128; NaN is out of every range).
 */
export function labFromMessage(lab: typeV1.LabColor, field: string): Lab {
  const problems: string[] = [];
  if (!(lab.l >= 0 && lab.l <= 100)) problems.push(`${field}.l must be from 0 to 100, got ${lab.l}`);
  if (!(Math.abs(lab.a) <= 128)) problems.push(`${field}.a must be from -128 to 128, got ${lab.a}`);
  if (!(Math.abs(lab.b) <= 128)) problems.push(`${field}.b must be from -128 to 128, got ${lab.b}`);
  if (problems.length > 0) throw new ShineError(Code.INVALID_ARGUMENT, problems.join('; '), { reason: 'INVALID_SKIN_LAB' });
  return { l: lab.l, a: lab.a, b: lab.b };
}

/** A price as an exact decimal string ("34.99") in an ISO 4217 currency. */
export interface DecimalMoney {
  readonly amount: string;
  readonly currency: string;
}

/** A `Money` from a request as an exact decimal; INVALID_ARGUMENT (reason INVALID_PRICE) naming `field` when it is not one. */
export function moneyFromMessage(money: typeV1.Money, field: string): DecimalMoney {
  const invalid = (message: string) => new ShineError(Code.INVALID_ARGUMENT, `${field} ${message}`, { reason: 'INVALID_PRICE' });
  if (!/^[A-Z]{3}$/.test(money.currencyCode)) {
    throw invalid(`needs currencyCode, an ISO 4217 code in capitals such as "USD", got ${quoteInput(money.currencyCode)}`);
  }
  // int64 arrives as its decimal digits; prices are stored as numeric(…) with far fewer.
  if (!/^-?\d{1,15}$/.test(money.units) || Math.abs(money.nanos) > 999_999_999) throw invalid('is out of range');
  if (money.units.startsWith('-') || money.nanos < 0) throw invalid('must not be negative');
  return { amount: `${BigInt(money.units)}.${String(money.nanos).padStart(9, '0')}`, currency: money.currencyCode };
}

/** An exact decimal ("34.990000000") as `Money`. */
export function moneyToMessage(money: DecimalMoney): typeV1.Money {
  const [units = '0', fraction = ''] = money.amount.split('.');
  return { currencyCode: money.currency, units: BigInt(units).toString(), nanos: Number(fraction.padEnd(9, '0').slice(0, 9)) };
}
