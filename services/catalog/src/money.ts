import type { typeV1 } from '@shine/contracts';
import { Code, ShineError } from '@shine/platform';
import type { Price } from './catalog-record.ts';

const NANOS_PER_UNIT = 1_000_000_000n;

/** A `Money` from a request as an exact decimal price; INVALID_ARGUMENT naming `field` when it is not one. */
export function priceFromMoney(money: typeV1.Money, field: string): Price {
  const invalid = (message: string) => new ShineError(Code.INVALID_ARGUMENT, `${field} ${message}`, { reason: 'INVALID_PRICE' });
  if (!/^[A-Z]{3}$/.test(money.currencyCode)) {
    throw invalid(`needs currency_code, an ISO 4217 code such as "USD", got ${JSON.stringify(money.currencyCode)}`);
  }
  // int64 arrives as its decimal digits; prices are stored as numeric(…) with far fewer.
  if (!/^-?\d{1,15}$/.test(money.units) || Math.abs(money.nanos) > 999_999_999) throw invalid('is out of range');
  if (money.units.startsWith('-') || money.nanos < 0) throw invalid('must not be negative');
  return { amount: `${BigInt(money.units)}.${String(money.nanos).padStart(9, '0')}`, currency: money.currencyCode };
}

/** A stored price ("34.990000000") as `Money`. */
export function moneyFromPrice(price: Price): typeV1.Money {
  const [units = '0', fraction = ''] = price.amount.split('.');
  return { currencyCode: price.currency, units: BigInt(units).toString(), nanos: Number(fraction.padEnd(9, '0').slice(0, 9)) };
}

/** Compares two non-negative decimal amounts exactly. */
export function compareAmounts(left: string, right: string): number {
  const difference = toNanos(left) - toNanos(right);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

function toNanos(amount: string): bigint {
  const [units = '0', fraction = ''] = amount.split('.');
  return BigInt(units) * NANOS_PER_UNIT + BigInt(fraction.padEnd(9, '0').slice(0, 9));
}
