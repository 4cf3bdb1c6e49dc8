/**
 * The invented brands of the seed catalogue. Every name here was made up for Shine; none is meant to
 * be a real company. Each brand has a price tier, a home currency and a way of naming its shades.
 */
export type PriceTier = 'drugstore' | 'mid' | 'prestige';
export type ShadeNaming = 'number-code' | 'decimal-code' | 'word' | 'number-word';

export interface SeedBrand {
  name: string;
  tier: PriceTier;
  currency: 'USD' | 'EUR' | 'GBP' | 'CAD';
  naming: ShadeNaming;
}

export const SEED_BRANDS: readonly SeedBrand[] = [
  { name: 'Oakhollow', tier: 'mid', currency: 'USD', naming: 'number-code' },
  { name: 'Sable & Sage', tier: 'prestige', currency: 'USD', naming: 'word' },
  { name: 'Kestrel Beauty', tier: 'drugstore', currency: 'USD', naming: 'decimal-code' },
  { name: 'Marula Lane', tier: 'mid', currency: 'GBP', naming: 'number-word' },
  { name: 'Ochre Theory', tier: 'prestige', currency: 'USD', naming: 'number-code' },
  { name: 'Halden Mineral', tier: 'mid', currency: 'EUR', naming: 'decimal-code' },
  { name: 'Brume Studio', tier: 'prestige', currency: 'EUR', naming: 'word' },
  { name: 'Indigo Fig', tier: 'drugstore', currency: 'USD', naming: 'number-word' },
  { name: 'Solenne', tier: 'prestige', currency: 'EUR', naming: 'number-code' },
  { name: 'Tallow & Tide', tier: 'mid', currency: 'GBP', naming: 'word' },
  { name: 'Nimbus Skin', tier: 'drugstore', currency: 'EUR', naming: 'decimal-code' },
  { name: 'Ember & Oat', tier: 'mid', currency: 'CAD', naming: 'number-word' },
  { name: 'Vireo Cosmetics', tier: 'drugstore', currency: 'GBP', naming: 'number-code' },
  { name: 'Quill Beauty', tier: 'mid', currency: 'USD', naming: 'word' },
  { name: 'Asha Rae', tier: 'prestige', currency: 'USD', naming: 'number-word' },
  { name: 'Lumen North', tier: 'mid', currency: 'CAD', naming: 'decimal-code' },
];

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'tel', 'vo', 'zu', 'na', 'bri', 'co', 'dax', 'el', 'fen', 'ga', 'ho'];
const SUFFIXES = ['Beauty', 'Cosmetics', 'Studio', 'Skin', 'Labs', 'Atelier'];

/** More invented brands, for catalogues far larger than the seed (benchmarks): "Kalomi Studio 12". */
export function syntheticBrand(index: number): SeedBrand {
  const word = [index % 16, (index >> 4) % 16, (index >> 8) % 16].map((digit) => SYLLABLES[digit]).join('');
  const name = `${word.charAt(0).toUpperCase()}${word.slice(1)} ${SUFFIXES[index % SUFFIXES.length]} ${index}`;
  const tiers: PriceTier[] = ['drugstore', 'mid', 'prestige'];
  const currencies: SeedBrand['currency'][] = ['USD', 'EUR', 'GBP', 'CAD'];
  const namings: ShadeNaming[] = ['number-code', 'decimal-code', 'word', 'number-word'];
  return { name, tier: tiers[index % 3]!, currency: currencies[index % 4]!, naming: namings[(index >> 2) % 4]! };
}
