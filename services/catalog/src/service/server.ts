import { undertoneOf } from '@shine/color';
import { catalogV1, labToMessage, undertoneEnum } from '@shine/contracts';
import { Code, isUuid, quoteInput, serve, ShineError, type ServiceRegistration } from '@shine/platform';
import { productToProto, shadeMatchToProto } from './catalog-proto.ts';
import type { SkinTones } from '../matching/analysis-skin-tones.ts';
import { parseMatchShadesRequest } from '../matching/match-request.ts';
import { matchShades } from '../matching/match-shades.ts';
import type { LiveCatalog } from '../store/live-catalog.ts';
import { nextPageToken, parseListProductsRequest } from '../store/product-query.ts';

export interface CatalogServiceDependencies {
  catalog: LiveCatalog;
  skinTones: SkinTones;
}

export function catalogService(deps: CatalogServiceDependencies): ServiceRegistration {
  return serve(catalogV1.CatalogServiceService, {
    listProducts: async (request) => {
      const query = parseListProductsRequest(request);
      const page = await deps.catalog.listProducts(query);
      return { products: page.products.map(productToProto), nextPageToken: page.next ? nextPageToken(query, page.next) : '' };
    },

    getProduct: async (request) => {
      const id = request.productId.trim().toLowerCase();
      if (!isUuid(id)) {
        throw new ShineError(Code.INVALID_ARGUMENT, `productId must be a UUID, got ${quoteInput(request.productId)}`, { reason: 'INVALID_PRODUCT_ID' });
      }
      const product = await deps.catalog.getProduct(id);
      if (!product) throw new ShineError(Code.NOT_FOUND, `no product ${id} in the catalogue`, { reason: 'PRODUCT_NOT_FOUND' });
      return { product: productToProto(product) };
    },

    matchShades: async (request, call) => {
      const { skin, query } = parseMatchShadesRequest(request);
      const tone = skin.kind === 'analysis' ? await deps.skinTones.skinToneOf(skin.analysisId, call) : skin;
      const skinUndertone = tone.undertone ?? undertoneOf(tone.lab).undertone;
      const matches = matchShades(deps.catalog.shadeIndex(), { ...query, skin: tone.lab, skinUndertone });
      return {
        skinLab: labToMessage(tone.lab, 4),
        skinUndertone: undertoneEnum.toProto(skinUndertone),
        matches: matches.map((match) => shadeMatchToProto(tone.lab, match)),
      };
    },
  });
}
