import { useEffect, useState } from 'preact/hooks';
import { shadeMatches, type Analysis, type ShadeMatch } from '../api.ts';

/** The nearest foundation shades, with ΔE00 and a verdict, for all brands or the one chosen. */
export function ShadeMatches({ tone }: { tone: Analysis['skinTone'] }) {
  const [brand, setBrand] = useState('');
  const [brands, setBrands] = useState<string[]>([]);
  const [matches, setMatches] = useState<ShadeMatch[]>();
  const [error, setError] = useState<string>();
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
      {error && <p class="error" role="alert">{error}</p>}
      {matches && (
        <ol class="shades">
          {matches.map((match) => (
            <li>
              <span class="swatch" style={{ background: match.shade.hex }} aria-hidden="true" />
              <span>
                <strong>{match.brand}</strong> {match.productName}, <em>{match.shade.name}</em>
                <br />
                ΔE00 {match.deltaE00.toFixed(1)}: {match.verdict}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
