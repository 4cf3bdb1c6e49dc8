import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Code } from '../code.ts';
import { serve, type ServiceRegistration } from '../grpc-server.ts';
import type { CallContext } from '../server-call.ts';
import { ShineError } from '../shine-error.ts';

export const echoProtoPath = fileURLToPath(new URL('echo.proto', import.meta.url));

interface EchoRequest {
  text: string;
  delay_ms: number;
  ignore_signal: boolean;
}

const packageDefinition = protoLoader.loadSync(echoProtoPath, { keepCase: true, defaults: true });
const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as {
  shine: { test: { v1: { EchoService: grpc.ServiceClientConstructor } } };
};

export const EchoServiceClient = loaded.shine.test.v1.EchoService;
export const echoServiceDefinition = EchoServiceClient.service;

/** `seen` collects the context of every Echo call, for tests of what happens to it afterwards. */
export function echoService(seen?: CallContext[]): ServiceRegistration {
  return serve(echoServiceDefinition, {
    Echo: async (request: EchoRequest, context) => {
      seen?.push(context);
      if (request.delay_ms > 0) {
        await sleep(request.delay_ms, undefined, request.ignore_signal ? {} : { signal: context.signal });
      }
      return { text: request.text };
    },
    Fail: async (request: { code: number; message: string }) => {
      if (request.code === 0) throw new Error('database password is hunter2');
      // What pg throws when PostgreSQL is down.
      if (request.code === -1) throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
      // What pg throws when statement_timeout cancels a query.
      if (request.code === -2) throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
      throw new ShineError(request.code as Code, request.message, { reason: 'TEST_REASON' });
    },
    Count: async function* (request: { count: number; delay_ms: number }, context) {
      for (let index = 1; index <= request.count; index++) {
        if (request.delay_ms > 0) await sleep(request.delay_ms, undefined, { signal: context.signal });
        yield { text: String(index) };
      }
    },
  });
}
