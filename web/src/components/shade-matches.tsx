import { useEffect, useState } from 'preact/hooks';
import { formatPrice, priceLimit, shadeMatches, type Analysis, type ShadeMatch } from '../api.ts';
import { undertoneFit } from '../words.ts';

const PRICE_LIMITS = [15, 25, 40, 60];

/** The nearest foundation shades, with ΔE00, a verdict and the price, for all brands or one, within a budget or at any price. */
export function ShadeMatches({ tone }: { tone: Analysis['skinTone'] }) {
  const [brand, setBrand] = useState('');
  const [brands, setBrands] = useState<string[]>([]);
  // A budget is in one currency ("USD 25"), offered in each currency the catalogue's matches were priced in.
  const [limit, setLimit] = useState('');
  const [currencies, setCurrencies] = useState<string[]>([]);
  // The matches shown and the choice they answer: until the answer to the current choice arrives, the list is busy.
  const [answer, setAnswer] = useState<{ choice: string; matches: ShadeMatch[] }>();
  const [error, setError] = useState<string>();
  const choice = `${tone.lab.l},${tone.lab.a},${tone.lab.b},${tone.undertone}\n${brand}\n${limit}`;
  const matches = answer?.matches;
  const loading = answer?.choice !== choice && error === undefined;
  useEffect(() => {
    let current = true;
    setError(undefined);
    const [currency, amount] = limit.split(' ');
    // The server finds the best matches within the budget: filtering the best matches here would leave few or none.
    shadeMatches(tone, brand ? [brand] : [], currency && amount ? priceLimit(currency, Number(amount)) : undefined).then(
      (found) => {
        if (!current) return;
        setAnswer({ choice, matches: found });
        if (!brand && !limit) setBrands([...new Set(found.map((match) => match.brand))].sort());
        setCurrencies((known) => [...new Set([...known, ...found.flatMap((match) => (match.price ? [match.price.currencyCode] : []))])].sort());
      },
      (failure: Error) => {
        if (current) setError(failure.message);
      },
    );
    return () => {
      current = false;
    };
  }, [choice]);
  return (
    <section aria-labelledby="shades-title">
      <h2 id="shades-title">Foundation shades for you</h2>
      <p class="hint">Nearest first by ΔE00 (below 2 most people cannot tell shade from skin); a shade whose undertone differs from yours is listed a little lower.</p>
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
      {matches && matches.length === 0 && !loading && (
        <p>{limit ? 'No shade in stock within that budget: try a higher one, or every brand.' : 'No shade in stock in the catalogue yet.'}</p>
      )}
      {matches && (
        <ol class="shades" aria-busy={loading}>
          {matches.map((match) => (
            <li>
              <span class="swatch" style={{ background: match.shade.hex }} aria-hidden="true" />
              <span>
                <strong>{match.brand}</strong> {match.productName}, <em>{match.shade.name}</em>
                <br />
                {[`ΔE00 ${match.deltaE00.toFixed(1)}: ${match.verdict}`, undertoneFit(match.undertoneCompatibility), match.price && formatPrice(match.price)].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
