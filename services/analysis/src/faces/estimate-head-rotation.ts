import { MESH_POINTS, meshPoint } from './face-mesh-points.ts';

/** Rough head pose in degrees; all 0 for a face looking straight into the camera. */
export interface HeadRotation {
  /** Eye line turned clockwise on screen (head tilted toward the person's left shoulder in an unmirrored photo). */
  readonly roll: number;
  /** Nose turned toward the image's right. */
  readonly yaw: number;
  /** Chin raised, face looking up. */
  readonly pitch: number;
}

/**
 * Estimates roll, yaw and pitch from a few landmarks; rough (±10-15°), enough to warn "face the
 * camera", not to measure pose.
 *  - roll: the angle of the line through the outer eye corners (33 → 263).
 *  - yaw, once the roll is undone: where the nose tip (1) falls between the face edges (234, 454). On a
 *    head modelled as a sphere with the edges 90° either side of the nose, the nose's offset from their
 *    midpoint over the half-width is tan(yaw).
 *  - pitch: the depth difference between forehead (10) and chin (152) over their distance; in MediaPipe's
 *    canonical face model they sit at the same depth. FaceMesh's z is compressed, and frontal test faces
 *    read 5-10° "down", so treat pitch as the least reliable of the three.
 */
export function estimateHeadRotation(landmarks: Float32Array): HeadRotation {
  const rightEye = meshPoint(landmarks, MESH_POINTS.rightEyeOuter);
  const leftEye = meshPoint(landmarks, MESH_POINTS.leftEyeOuter);
  const roll = Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x);
  const cos = Math.cos(-roll);
  const sin = Math.sin(-roll);
  const upright = (index: number) => {
    const p = meshPoint(landmarks, index);
    return { x: p.x * cos - p.y * sin, y: p.x * sin + p.y * cos, z: p.z };
  };
  const nose = upright(MESH_POINTS.noseTip);
  const rightEdge = upright(MESH_POINTS.rightFaceEdge);
  const leftEdge = upright(MESH_POINTS.leftFaceEdge);
  const forehead = upright(MESH_POINTS.foreheadTop);
  const chin = upright(MESH_POINTS.chin);
  const across = (nose.x - rightEdge.x) / (leftEdge.x - rightEdge.x);
  return {
    roll: degrees(roll),
    yaw: degrees(Math.atan(2 * across - 1)),
    // Smaller z is nearer the camera, so a chin nearer than the forehead means the face looks up.
    pitch: degrees(Math.atan2(forehead.z - chin.z, chin.y - forehead.y)),
  };
}

function degrees(radians: number): number {
  return (radians * 180) / Math.PI;
}
