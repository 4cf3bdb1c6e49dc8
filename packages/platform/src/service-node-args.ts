/**
 * The flags every service's node runs with: in the image (the Dockerfile's ENTRYPOINT, which a test
 * holds to this list, and so Tilt's), with `npm start`, in the tests that start services as
 * processes, and in the benches.
 *  - `--single-threaded-gc`: V8 collects garbage on the thread that made it, without helper threads.
 *    A pod has one or two CPUs, which a service's own threads (the gateway's servers, analysis's
 *    inference workers) already keep busy; GC helpers only contend with them. Measured A/B: the
 *    gateway's CPU per request at 64 connections ~5% lower (median of 5 interleaved rounds), analysis
 *    no slower. V8 flags are per process (Node's workers cannot set their own), hence here.
 *  - `--disable-warning=TimeoutNegativeWarning`: kafkajs 2.2.4 sets one negative timer per client,
 *    which Node 24 warns about (tulios/kafkajs#1751): harmless, and noise a person would take for a fault.
 */
export const SERVICE_RUNTIME_FLAGS = ['--single-threaded-gc', '--disable-warning=TimeoutNegativeWarning'] as const;

/** The runtime flags and the telemetry preload, which patches http, grpc-js, pg and kafkajs before the service imports them. */
export const SERVICE_NODE_ARGS = [...SERVICE_RUNTIME_FLAGS, '--import', '@shine/platform/telemetry'] as const;
