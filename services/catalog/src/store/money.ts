const NANOS_PER_UNIT = 1_000_000_000n;

/** Compares two non-negative decimal amounts ("34.99", "34.990000000") exactly. */
export function compareAmounts(left: string, right: string): number {
  const difference = amountInNanos(left) - amountInNanos(right);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** A non-negative decimal amount ("34.99") in billionths, exactly. */
export function amountInNanos(amount: string): bigint {
  const [units = '0', fraction = ''] = amount.split('.');
  return BigInt(units) * NANOS_PER_UNIT + BigInt(fraction.padEnd(9, '0').slice(0, 9));
}
