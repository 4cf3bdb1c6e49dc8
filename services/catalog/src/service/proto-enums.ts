import { catalogV1, protoEnum } from '@shine/contracts';
import { CATEGORIES, COVERAGES, FINISHES, SHADE_DEPTHS } from '../catalog-record.ts';

// The catalogue's own enums; the shared undertone is undertoneEnum in @shine/contracts.
export const categoryEnum = protoEnum<(typeof CATEGORIES)[number], catalogV1.ProductCategory>(catalogV1.ProductCategory, 'PRODUCT_CATEGORY_', CATEGORIES);
export const finishEnum = protoEnum<(typeof FINISHES)[number], catalogV1.Finish>(catalogV1.Finish, 'FINISH_', FINISHES);
export const coverageEnum = protoEnum<(typeof COVERAGES)[number], catalogV1.Coverage>(catalogV1.Coverage, 'COVERAGE_', COVERAGES);
export const depthEnum = protoEnum<(typeof SHADE_DEPTHS)[number], catalogV1.ShadeDepth>(catalogV1.ShadeDepth, 'SHADE_DEPTH_', SHADE_DEPTHS);
