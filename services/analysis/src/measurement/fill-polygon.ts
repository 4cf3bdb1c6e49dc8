/**
 * The pixels of a `width` × `height` image whose centres lie inside a polygon, by a scan-line fill
 * with the even-odd rule. `polygon` holds x, y pairs in image pixels (pixel (i, j) covers
 * [i, i+1) × [j, j+1)); the polygon closes itself and may reach past the image, which clips it.
 * Returns row-major pixel indices (y · width + x) in ascending order.
 */
export function fillPolygon(polygon: Float64Array, width: number, height: number): Uint32Array {
  const vertices = polygon.length >> 1;
  if (vertices < 3) return new Uint32Array(0);
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < vertices; v++) {
    const y = polygon[2 * v + 1]!;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  // Rows whose centre line y + 0.5 can cross the polygon.
  const firstRow = Math.max(0, Math.ceil(top - 0.5));
  const lastRow = Math.min(height - 1, Math.floor(bottom - 0.5));
  const crossings = new Float64Array(vertices);
  let pixels = new Uint32Array(64);
  let count = 0;
  for (let row = firstRow; row <= lastRow; row++) {
    const scanY = row + 0.5;
    let found = 0;
    for (let v = 0, previous = vertices - 1; v < vertices; previous = v++) {
      const y0 = polygon[2 * previous + 1]!;
      const y1 = polygon[2 * v + 1]!;
      // Half-open in y, so a vertex on the scan line is counted once and horizontal edges never.
      if (y0 <= scanY !== y1 <= scanY) {
        const x0 = polygon[2 * previous]!;
        const x1 = polygon[2 * v]!;
        crossings[found++] = x0 + ((scanY - y0) * (x1 - x0)) / (y1 - y0);
      }
    }
    sortPrefix(crossings, found);
    for (let c = 0; c + 1 < found; c += 2) {
      // Pixel centres x + 0.5 in [left, right).
      const first = Math.max(0, Math.ceil(crossings[c]! - 0.5));
      const last = Math.min(width - 1, Math.ceil(crossings[c + 1]! - 0.5) - 1);
      if (last < first) continue;
      if (count + last - first + 1 > pixels.length) {
        const grown = new Uint32Array(Math.max(2 * pixels.length, count + last - first + 1));
        grown.set(pixels);
        pixels = grown;
      }
      for (let x = first, index = row * width + first; x <= last; x++) pixels[count++] = index++;
    }
  }
  return pixels.slice(0, count);
}

/** Insertion sort of the first `n` values: a scan line crosses a face polygon a handful of times. */
function sortPrefix(values: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}
