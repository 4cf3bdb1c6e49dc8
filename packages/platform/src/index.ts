export { Code, codeName } from './code.ts';
export { ShineError } from './shine-error.ts';
