// A real grpc-js server with raw-bytes methods, for tests of the gateway's upstream calls.
import * as grpc from '@grpc/grpc-js';

const raw = (bytes: Buffer) => bytes;
const method = (path: string): grpc.MethodDefinition<Buffer, Buffer> => ({
  path,
  requestStream: false,
  responseStream: false,
  requestSerialize: raw,
  requestDeserialize: raw,
  responseSerialize: raw,
  responseDeserialize: raw,
});

/** What the test server saw of the calls made to it. */
export interface Seen {
  calls: number;
  cancelled: number;
  deadlines: number[];
  subjects: string[];
  /** The traceparent metadata of each Echo call ('' when none came). */
  traceparents: string[];
}

/** A real grpc-js server with raw-bytes methods: Echo, Fail (status, message and trailers), Hang (until cancelled). */
export async function startRawServer(port = 0): Promise<{ port: number; seen: Seen; stop: () => Promise<void> }> {
  const seen: Seen = { calls: 0, cancelled: 0, deadlines: [], subjects: [], traceparents: [] };
  const server = new grpc.Server();
  server.addService(
    { Echo: method('/test.v1.Raw/Echo'), Fail: method('/test.v1.Raw/Fail'), Hang: method('/test.v1.Raw/Hang') },
    {
      Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        seen.calls++;
        seen.subjects.push(String(call.metadata.get('shine-subject-id')[0] ?? ''));
        seen.traceparents.push(String(call.metadata.get('traceparent')[0] ?? ''));
        const headers = new grpc.Metadata();
        headers.set('x-served-by', 'raw-echo');
        headers.set('trace-bin', Buffer.from([0, 1]));
        call.sendMetadata(headers);
        callback(null, Buffer.concat([Buffer.from('echo:'), call.request]));
      },
      Fail: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        seen.calls++;
        const metadata = new grpc.Metadata();
        metadata.set('shine-reason', 'SHELF_MISSING');
        callback({ code: grpc.status.NOT_FOUND, details: 'no shelf "s1" – 100% gone', metadata });
        void call;
      },
      Hang: (call: grpc.ServerUnaryCall<Buffer, Buffer>) => {
        seen.calls++;
        const deadline = call.getDeadline();
        seen.deadlines.push(deadline instanceof Date ? deadline.getTime() : Number(deadline));
        call.on('cancelled', () => seen.cancelled++);
      },
    },
  );
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, actual) => (error ? reject(error) : resolve(actual))),
  );
  return { port: bound, seen, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
