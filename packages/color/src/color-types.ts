/** sRGB with channels in 0–1 (companded, not linear). Linear sRGB uses the same shape. */
export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/** sRGB with integer channels in 0–255. */
export type Rgb8 = Rgb;

/** CIE 1931 tristimulus values, Y of the reference white = 1. */
export interface Xyz {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** CIE 1931 chromaticity coordinates. */
export interface Xy {
  readonly x: number;
  readonly y: number;
}

/** CIELAB; in this package always relative to D65 unless a name says otherwise. */
export interface Lab {
  readonly l: number;
  readonly a: number;
  readonly b: number;
}

/** CIELAB in polar form: chroma C*ab and hue angle h_ab in degrees, 0 ≤ h < 360. */
export interface Lch {
  readonly l: number;
  readonly c: number;
  readonly h: number;
}
