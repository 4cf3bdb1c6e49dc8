import type { Matrix3 } from './matrix3.ts';

export type ChromaticAdaptationMethod = 'bradford' | 'von-kries';

// XYZ → cone-like responses. Bradford: Lam (1985), as given by Lindbloom ("Chromatic Adaptation")
// and CIE 160:2004. von Kries: the Hunt–Pointer–Estévez matrix normalised to D65, as Lindbloom gives it.
export const CONE_RESPONSE_MATRICES: Readonly<Record<ChromaticAdaptationMethod, Matrix3>> = {
  bradford: [
    [0.8951, 0.2664, -0.1614],
    [-0.7502, 1.7135, 0.0367],
    [0.0389, -0.0685, 1.0296],
  ],
  'von-kries': [
    [0.40024, 0.7076, -0.08081],
    [-0.2263, 1.16532, 0.0457],
    [0, 0, 0.91822],
  ],
};
