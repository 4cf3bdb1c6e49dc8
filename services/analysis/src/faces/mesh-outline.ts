/**
 * A polygon vertex named by FaceMesh landmarks: a landmark index, or the point `t` of the way from
 * landmark `from` to landmark `to`, for edges that should sit between two landmarks.
 */
export type MeshVertex = number | readonly [from: number, to: number, t: number];

/** The image-pixel polygon (x, y pairs) of an outline on one face's 468 × (x, y, z) landmarks. */
export function meshPolygon(landmarks: Float32Array, outline: readonly MeshVertex[]): Float64Array {
  const polygon = new Float64Array(outline.length * 2);
  outline.forEach((vertex, v) => {
    if (typeof vertex === 'number') {
      polygon[2 * v] = landmarks[3 * vertex]!;
      polygon[2 * v + 1] = landmarks[3 * vertex + 1]!;
    } else {
      const [from, to, t] = vertex;
      polygon[2 * v] = landmarks[3 * from]! + t * (landmarks[3 * to]! - landmarks[3 * from]!);
      polygon[2 * v + 1] = landmarks[3 * from + 1]! + t * (landmarks[3 * to + 1]! - landmarks[3 * from + 1]!);
    }
  });
  return polygon;
}
