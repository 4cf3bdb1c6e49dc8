import { codeName, Code } from '../code.ts';
import { statusCodeOf } from '../grpc-status.ts';
import type { Metrics } from '../metrics.ts';
import type { Interceptor } from '../server-call.ts';
import { traceExemplar } from '../trace-exemplar.ts';

/**
 * Counts started and handled calls and observes their latency, labelled by method and status code,
 * with the call's trace id as the exemplar of the bucket it lands in.
 */
export function metricsInterceptor(metrics: Metrics): Interceptor {
  return (next) => async (call) => {
    const labels = { grpc_service: call.service, grpc_method: call.method, grpc_type: call.kind };
    metrics.grpcServerStarted.inc(labels);
    const stopTimer = metrics.grpcServerHandlingSeconds.startTimer(labels, traceExemplar());
    let code: Code = Code.OK;
    try {
      return await next(call);
    } catch (error) {
      code = statusCodeOf(error);
      throw error;
    } finally {
      const grpc_code = codeName(code);
      metrics.grpcServerHandled.inc({ ...labels, grpc_code });
      stopTimer({ grpc_code });
    }
  };
}
