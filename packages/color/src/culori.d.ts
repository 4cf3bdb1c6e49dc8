// culori ships no types; this covers only what the cross-check tests call.
declare module 'culori' {
  export interface CuloriColor {
    mode: string;
    [channel: string]: number | string | undefined;
  }
  export function converter(mode: string): (color: CuloriColor | string) => CuloriColor;
  export function differenceCiede2000(
    kL?: number,
    kC?: number,
    kH?: number,
  ): (reference: CuloriColor, sample: CuloriColor) => number;
}
