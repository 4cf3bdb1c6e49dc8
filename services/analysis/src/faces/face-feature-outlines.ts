import type { MeshVertex } from './mesh-outline.ts';

export type FaceFeature = 'RIGHT_EYE' | 'LEFT_EYE' | 'RIGHT_BROW' | 'LEFT_BROW' | 'LIPS' | 'NOSTRILS';

/**
 * Parts of a face that are not bare skin, as FaceMesh outlines (MediaPipe's canonical topology,
 * the rings of `meshAnnotations` in @vladmandic/human). Each is drawn a little generously: eyes
 * by their second ring (lids and lashes included), brows by their upper and lower edges, lips by
 * the outer contour, nostrils by the lower nose from ala to ala.
 */
export const FACE_FEATURE_OUTLINES: Readonly<Record<FaceFeature, readonly MeshVertex[]>> = {
  RIGHT_EYE: [226, 113, 225, 224, 223, 222, 221, 189, 244, 233, 232, 231, 230, 229, 228, 31],
  LEFT_EYE: [446, 342, 445, 444, 443, 442, 441, 413, 464, 453, 452, 451, 450, 449, 448, 261],
  RIGHT_BROW: [70, 63, 105, 66, 107, 55, 65, 52, 53, 46],
  LEFT_BROW: [300, 293, 334, 296, 336, 285, 295, 282, 283, 276],
  LIPS: [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146],
  NOSTRILS: [129, 64, 98, 97, 2, 326, 327, 294, 358, 279, 440, 275, 4, 45, 220, 49],
};

/** The eye openings alone (lid margins), the part a skin region must never reach. */
export const EYE_OPENING_OUTLINES: Readonly<Record<'RIGHT_EYE' | 'LEFT_EYE', readonly MeshVertex[]>> = {
  RIGHT_EYE: [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
  LEFT_EYE: [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
};
