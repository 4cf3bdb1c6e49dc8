/** A point in image pixel coordinates: x to the right, y down, origin at the top-left corner. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box in image pixels; it may reach past the image edge when a face is cut off. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Intersection over union of two boxes, 0 when they do not overlap. */
export function intersectionOverUnion(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}
