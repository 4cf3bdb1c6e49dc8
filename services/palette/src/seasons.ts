/** The 12 seasons, each placed on the three axes (value deep→light, temperature cool→warm, chroma soft→bright). */
export interface SeasonProfile {
  readonly season: Season;
  readonly value: number;
  readonly temperature: number;
  readonly chroma: number;
}

export type Season =
  | 'LIGHT_SPRING'
  | 'TRUE_SPRING'
  | 'BRIGHT_SPRING'
  | 'LIGHT_SUMMER'
  | 'TRUE_SUMMER'
  | 'SOFT_SUMMER'
  | 'SOFT_AUTUMN'
  | 'TRUE_AUTUMN'
  | 'DEEP_AUTUMN'
  | 'DEEP_WINTER'
  | 'TRUE_WINTER'
  | 'BRIGHT_WINTER';

// Each season is named after its dominant axis (Light, Deep, Soft, Bright, or temperature for
// True), which sits at ±1; the secondary axes lean as the 12-season system describes them, and the
// True seasons keep a moderate chroma so a clearly muted or clear person goes to Soft or Bright.
export const SEASON_PROFILES: readonly SeasonProfile[] = [
  { season: 'LIGHT_SPRING', value: 1, temperature: 0.5, chroma: 0.3 },
  { season: 'TRUE_SPRING', value: 0.3, temperature: 1, chroma: 0.3 },
  { season: 'BRIGHT_SPRING', value: 0.2, temperature: 0.4, chroma: 1 },
  { season: 'LIGHT_SUMMER', value: 1, temperature: -0.5, chroma: -0.3 },
  { season: 'TRUE_SUMMER', value: 0.2, temperature: -1, chroma: -0.3 },
  { season: 'SOFT_SUMMER', value: 0, temperature: -0.4, chroma: -1 },
  { season: 'SOFT_AUTUMN', value: -0.1, temperature: 0.4, chroma: -1 },
  { season: 'TRUE_AUTUMN', value: -0.3, temperature: 1, chroma: -0.3 },
  { season: 'DEEP_AUTUMN', value: -1, temperature: 0.5, chroma: 0 },
  { season: 'DEEP_WINTER', value: -1, temperature: -0.5, chroma: 0.2 },
  { season: 'TRUE_WINTER', value: -0.2, temperature: -1, chroma: 0.5 },
  { season: 'BRIGHT_WINTER', value: -0.2, temperature: -0.4, chroma: 1 },
];

/** Softmax temperature over squared distances: 0.35 makes a clear case ~0.5-0.7 sure, a borderline one ~0.3. */
const CLASSIFICATION_TEMPERATURE = 0.35;

export interface SeasonProbability {
  readonly season: Season;
  readonly probability: number;
}

/** Probabilities of every season for a colouring, most likely first. */
export function classifySeason(profile: { value: number; temperature: number; chroma: number }): SeasonProbability[] {
  const weights = SEASON_PROFILES.map((season) => Math.exp(-squaredDistance(profile, season) / CLASSIFICATION_TEMPERATURE));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return SEASON_PROFILES.map((season, index) => ({ season: season.season, probability: weights[index]! / total })).sort(
    (a, b) => b.probability - a.probability,
  );
}

export function squaredDistance(
  a: { value: number; temperature: number; chroma: number },
  b: { value: number; temperature: number; chroma: number },
): number {
  return (a.value - b.value) ** 2 + (a.temperature - b.temperature) ** 2 + (a.chroma - b.chroma) ** 2;
}
