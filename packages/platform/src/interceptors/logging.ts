import { Code, codeName } from '../code.ts';
import { statusCodeOf } from '../grpc-status.ts';
import { ShineError } from '../shine-error.ts';
import type { Interceptor } from '../server-call.ts';

/** One line per finished call: method, code and duration; client mistakes at info, server faults at error. */
export function loggingInterceptor(): Interceptor {
  return (next) => async (call) => {
    const started = performance.now();
    const log = (code: Code, error?: unknown) => {
      const line = {
        // grpc_method is already bound on the call's logger.
        grpc_service: call.service,
        grpc_code: codeName(code),
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        peer: call.context.peer,
        // Messages may quote the caller's input: keep the machine reason and a bounded message.
        ...(error instanceof ShineError && error.reason ? { reason: error.reason } : {}),
        ...(error instanceof Error && code !== Code.INTERNAL ? { message: error.message.slice(0, 160) } : {}),
      };
      const serverFault = code === Code.INTERNAL || code === Code.UNKNOWN || code === Code.DATA_LOSS;
      if (serverFault) call.context.logger.error(line, 'call failed');
      else call.context.logger.info(line, 'call finished');
    };
    try {
      const response = await next(call);
      log(Code.OK);
      return response;
    } catch (error) {
      log(statusCodeOf(error), error);
      throw error;
    }
  };
}
