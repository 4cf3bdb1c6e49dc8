// The error vocabulary alone, for code that runs where the rest of the platform is dead weight:
// the analysis service's inference workers import this instead of the index, which pulls in
// grpc-js, OpenTelemetry and pino (~18 MB of heap that every full GC of a worker would mark).
export { Code, codeName } from './code.ts';
export { ShineError } from './shine-error.ts';
export { boundedMessage, quoteInput } from './quote-input.ts';
