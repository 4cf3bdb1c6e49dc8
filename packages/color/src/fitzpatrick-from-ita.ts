import { itaClass, type ItaClass } from './ita-class.ts';

export type FitzpatrickType = 1 | 2 | 3 | 4 | 5 | 6;

// One phototype per ITA class, in order: the ordinal mapping commonly used when ITA stands in
// for an unrecorded Fitzpatrick type. Only an estimate: phototype is a sunburn/tanning history,
// and Del Bino & Bernerd 2013 (Br. J. Dermatol. 169 Suppl. 3:33) show colour predicts it loosely.
export const FITZPATRICK_BY_ITA_CLASS: Readonly<Record<ItaClass, FitzpatrickType>> = {
  'very-light': 1,
  light: 2,
  intermediate: 3,
  tan: 4,
  brown: 5,
  dark: 6,
};

/** Fitzpatrick I–VI (as 1–6) estimated from ITA°. */
export function fitzpatrickFromIta(ita: number): FitzpatrickType {
  return FITZPATRICK_BY_ITA_CLASS[itaClass(ita)];
}
