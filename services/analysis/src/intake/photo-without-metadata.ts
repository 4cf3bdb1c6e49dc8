import sharp from 'sharp';

/** A photo as Shine stores it: its pixels, upright, with nothing else from the file. */
export interface StrippedPhoto {
  readonly contentType: 'image/png' | 'image/jpeg';
  readonly bytes: Uint8Array;
}

/**
 * Re-encodes a photo without its metadata (EXIF with GPS position, camera serial and time, XMP,
 * IPTC, comments), turned upright first since the EXIF orientation goes with the rest. PNG stays
 * PNG (lossless); every other format becomes a high-quality JPEG, which any client can show. The ICC
 * profile is kept, since the colours of the stored photo mean nothing without it.
 */
export async function photoWithoutMetadata(image: Uint8Array): Promise<StrippedPhoto> {
  const input = sharp(image, { failOn: 'error' }).rotate().keepIccProfile();
  const { format } = await sharp(image).metadata();
  if (format === 'png') return { contentType: 'image/png', bytes: await input.png().toBuffer() };
  return { contentType: 'image/jpeg', bytes: await input.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer() };
}
