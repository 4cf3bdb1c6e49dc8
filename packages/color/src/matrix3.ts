import type { Xyz } from './color-types.ts';

/** A 3×3 matrix, row-major. */
export type Matrix3 = readonly [
  readonly [number, number, number],
  readonly [number, number, number],
  readonly [number, number, number],
];

export type Vector3 = readonly [number, number, number];

export function multiplyMatrix3(m: Matrix3, n: Matrix3): Matrix3 {
  const row = (i: 0 | 1 | 2): [number, number, number] => [
    m[i][0] * n[0][0] + m[i][1] * n[1][0] + m[i][2] * n[2][0],
    m[i][0] * n[0][1] + m[i][1] * n[1][1] + m[i][2] * n[2][1],
    m[i][0] * n[0][2] + m[i][1] * n[1][2] + m[i][2] * n[2][2],
  ];
  return [row(0), row(1), row(2)];
}

export function applyMatrix3(m: Matrix3, [p, q, r]: Vector3): Vector3 {
  return [
    m[0][0] * p + m[0][1] * q + m[0][2] * r,
    m[1][0] * p + m[1][1] * q + m[1][2] * r,
    m[2][0] * p + m[2][1] * q + m[2][2] * r,
  ];
}

export function applyMatrix3ToXyz(m: Matrix3, { x, y, z }: Xyz): Xyz {
  const [p, q, r] = applyMatrix3(m, [x, y, z]);
  return { x: p, y: q, z: r };
}

export function diagonalMatrix3([p, q, r]: Vector3): Matrix3 {
  return [
    [p, 0, 0],
    [0, q, 0],
    [0, 0, r],
  ];
}

/** Inverse by the adjugate; throws on a singular matrix rather than returning Infinity. */
export function invertMatrix3(m: Matrix3): Matrix3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = f * g - d * i;
  const C = d * h - e * g;
  const determinant = a * A + b * B + c * C;
  if (determinant === 0) throw new RangeError('matrix is singular');
  const k = 1 / determinant;
  return [
    [A * k, (c * h - b * i) * k, (b * f - c * e) * k],
    [B * k, (a * i - c * g) * k, (c * d - a * f) * k],
    [C * k, (b * g - a * h) * k, (a * e - b * d) * k],
  ];
}
