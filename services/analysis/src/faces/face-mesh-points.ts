/**
 * Named FaceMesh landmark indices (MediaPipe's 468-point topology). "Right" and "left" are the
 * person's own: in an unmirrored photo their right eye is on the image's left.
 */
export const MESH_POINTS = {
  foreheadTop: 10,
  chin: 152,
  noseTip: 1,
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeInner: 362,
  leftEyeOuter: 263,
  rightFaceEdge: 234,
  leftFaceEdge: 454,
  upperLipInner: 13,
  lowerLipInner: 14,
} as const;

/** The image-pixel position of landmark `index` in a FaceMesh result (x, y, z triples). */
export function meshPoint(landmarks: Float32Array, index: number): { x: number; y: number; z: number } {
  return { x: landmarks[3 * index]!, y: landmarks[3 * index + 1]!, z: landmarks[3 * index + 2]! };
}
