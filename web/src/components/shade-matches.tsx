import { useEffect, useState } from 'preact/hooks';
import { amountOf, formatPrice, priceOf, shadeMatches, type Analysis, type Price, type ShadeMatch } from '../api.ts';

const PRICE_LIMITS = [15, 25, 40, 60];

/** The nearest foundation shades, with ΔE00, a verdict and the price, for all brands or one, up to a price. */
export function ShadeMatches({ tone }: { tone: Analysis['skinTone'] }) {
  const [brand, setBrand] = useState('');
  const [brands, setBrands] = useState<string[]>([]);
  const [matches, setMatches] = useState<ShadeMatch[]>();
  const [error, setError] = useState<string>();
  const [prices, setPrices] = useState<ReadonlyMap<string, Price>>(new Map());
  // A price limit is in one currency ("USD 25"): amounts in different currencies are not comparable.
  const [limit, setLimit] = useState('');
  useEffect(() => {
    const missing = [...new Set((matches ?? []).map((match) => match.productId))].filter((id) => !prices.has(id));
    if (missing.length === 0) return;
    void Promise.all(missing.map(async (id) => [id, await priceOf(id).catch(() => undefined)] as const)).then((found) =>
      setPrices((known) => new Map([...known, ...found.filter((entry): entry is readonly [string, Price] => entry[1] !== undefined)])),
    );
  }, [matches]);
  const affordable = (match: ShadeMatch) => {
    if (limit === '') return true;
    const price = prices.get(match.productId);
    const [currency, amount] = limit.split(' ');
    return price !== undefined && price.currencyCode === currency && amountOf(price) <= Number(amount);
  };
  const currencies = [...new Set([...prices.values()].map((price) => price.currencyCode))].sort();
  useEffect(() => {
    let current = true;
    setError(undefined);
    shadeMatches(tone, brand ? [brand] : []).then(
      (found) => {
        if (!current) return;
        setMatches(found);
        if (!brand) setBrands([...new Set(found.map((match) => match.brand))].sort());
      },
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [tone, brand]);
  return (
    <section aria-labelledby="shades-title">
      <h2 id="shades-title">Foundation shades for you</h2>
      <label class="filter">
        Brand{' '}
        <select value={brand} onChange={(event) => setBrand((event.target as HTMLSelectElement).value)}>
          <option value="">every brand</option>
          {brands.map((name) => (
            <option value={name}>{name}</option>
          ))}
        </select>
      </label>
      <label class="filter">
        Price{' '}
        <select value={limit} onChange={(event) => setLimit((event.target as HTMLSelectElement).value)}>
          <option value="">any price</option>
          {currencies.map((currency) => (
            <optgroup label={currency}>
              {PRICE_LIMITS.map((amount) => (
                <option value={`${currency} ${amount}`}>
                  up to {currency} {amount}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      {matches && (
        <ol class="shades">
          {matches.filter(affordable).map((match) => (
            <li>
              <span class="swatch" style={{ background: match.shade.hex }} aria-hidden="true" />
              <span>
                <strong>{match.brand}</strong> {match.productName}, <em>{match.shade.name}</em>
                <br />
                ΔE00 {match.deltaE00.toFixed(1)}: {match.verdict}
                {prices.has(match.productId) && ` · ${formatPrice(prices.get(match.productId)!)}`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
