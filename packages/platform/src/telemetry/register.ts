/**
 * Preloaded before a service's own code (`node --import @shine/platform/telemetry src/main.ts`), so the
 * instrumentations patch http, grpc-js, pg and kafkajs before anything imports them. Business code only
 * touches `@opentelemetry/api`.
 */
import { register } from 'node:module';
import { setActiveTelemetry } from './active-telemetry.ts';
import { startTelemetry } from './start-telemetry.ts';

// ESM imports are hooked by import-in-the-middle; CommonJS requires are patched without it.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

const telemetry = startTelemetry(process.env);
// A service's SIGTERM handling (exitOnSignals) flushes the last spans before it exits.
if (telemetry) setActiveTelemetry(telemetry);
