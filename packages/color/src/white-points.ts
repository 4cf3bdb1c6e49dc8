import type { Xy, Xyz } from './color-types.ts';
import { xyToXyz } from './xy-to-xyz.ts';

// CIE 1931 2° chromaticities of the standard illuminants, to four decimals as in
// CIE 15:2004 Table T.3 and CSS Color 4 §10 (the same values culori and color.js use).
export const D65_XY: Xy = { x: 0.3127, y: 0.329 };
export const D50_XY: Xy = { x: 0.3457, y: 0.3585 };

/** D65 white, Y = 1: X 0.95046, Z 1.08906. */
export const D65: Xyz = xyToXyz(D65_XY);
/** D50 white, Y = 1: X 0.96429, Z 0.82510. */
export const D50: Xyz = xyToXyz(D50_XY);
