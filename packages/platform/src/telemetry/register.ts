/**
 * Preloaded before a service's own code (`node --import @shine/platform/telemetry src/main.ts`), so the
 * instrumentations patch http, grpc-js, pg and kafkajs before anything imports them. Business code only
 * touches `@opentelemetry/api`.
 */
import { register } from 'node:module';
import { register as registerInThread, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { setActiveTelemetry } from './active-telemetry.ts';
import { startTelemetry } from './start-telemetry.ts';

/**
 * The modules the instrumentations patch. ESM imports are hooked by import-in-the-middle, which
 * otherwise wraps every module a service loads; CommonJS requires are patched without it.
 */
const instrumentedModules = ['http', 'https', '@grpc/grpc-js', 'pg', 'pg-pool', 'kafkajs'];

// In-thread hooks where Node supports them: the loader-thread variant costs its own isolate.
if (supportsSyncHooks()) registerInThread({ include: instrumentedModules });
else register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: instrumentedModules } });

const telemetry = startTelemetry(process.env);
// A service's SIGTERM handling (exitOnSignals) flushes the last spans before it exits.
if (telemetry) setActiveTelemetry(telemetry.sdk, telemetry.http);
