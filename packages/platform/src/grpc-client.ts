import * as grpc from '@grpc/grpc-js';
import { codeName } from './code.ts';
import type { Metrics } from './metrics.ts';

export interface ClientOptions {
  metrics?: Metrics;
  /** Extra grpc-js channel options; ours come first and these override them. */
  channelOptions?: grpc.ChannelOptions;
}

/**
 * Channel settings for calls between services: round-robin over every address the name resolves to
 * (a headless Kubernetes Service lists each pod), keepalive so dead peers are noticed, large messages
 * for photos.
 */
export const defaultChannelOptions: grpc.ChannelOptions = {
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_send_message_length': 110 * 1024 * 1024,
  'grpc.max_receive_message_length': 110 * 1024 * 1024,
};

type ClientConstructor<Client> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: Partial<grpc.ClientOptions>,
) => Client;

/** A target naming its resolver ("dns:///…", "unix:…", "ipv4:10.0.0.1:50051,10.0.0.2:50051"). */
const explicitTarget = /^(dns|unix|unix-abstract|ipv4|ipv6):/;

/**
 * A generated grpc-js client for `address` ("host:port" or a grpc-js target such as
 * "dns:///name:port"), with metrics. A bare "host:port" is resolved through DNS so round-robin sees
 * every address.
 */
export function createClient<Client>(Constructor: ClientConstructor<Client>, address: string, options: ClientOptions = {}): Client {
  const target = explicitTarget.test(address) || address.includes('://') ? address : `dns:///${address}`;
  return new Constructor(target, grpc.credentials.createInsecure(), {
    ...defaultChannelOptions,
    ...options.channelOptions,
    interceptors: options.metrics ? [clientMetricsInterceptor(options.metrics)] : [],
  });
}

/** Observes every call this process makes: status code and latency by method. */
export function clientMetricsInterceptor(metrics: Metrics): grpc.Interceptor {
  return (options, nextCall) => {
    const [, service = '', method = ''] = options.method_definition.path.split('/');
    const stopTimer = metrics.grpcClientHandlingSeconds.startTimer({ grpc_service: service, grpc_method: method });
    return new grpc.InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            const labels = { grpc_service: service, grpc_method: method, grpc_code: codeName(status.code) };
            metrics.grpcClientHandled.inc(labels);
            stopTimer({ grpc_code: labels.grpc_code });
            nextStatus(status);
          },
        });
      },
    });
  };
}
