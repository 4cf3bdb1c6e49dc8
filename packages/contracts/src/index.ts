// The single entry of @shine/contracts: one namespace per proto package, generated from proto/
// by `npm run proto`, plus the descriptor set they were generated from, and the mapping of the
// shared enums and shine.type.v1 messages to and from the domain's types (mapping/).
export * as analysisV1 from './gen/index.shine.analysis.v1.ts';
export * as paletteV1 from './gen/index.shine.palette.v1.ts';
export * as catalogV1 from './gen/index.shine.catalog.v1.ts';
export * as recommenderV1 from './gen/index.shine.recommender.v1.ts';
export * as eventsV1 from './gen/index.shine.events.v1.ts';
export * as typeV1 from './gen/index.shine.type.v1.ts';
export { descriptorSetPath, loadDescriptorSet } from './descriptor-set.ts';
export { contractRegistry, restJsonOf, restJsonWriteOptions } from './rest-json.ts';
export { protoEnum, type ProtoEnum } from './mapping/proto-enum.ts';
export { labFromMessage, labToMessage, moneyFromMessage, moneyToMessage, undertoneEnum, type DecimalMoney } from './mapping/shine-types.ts';
