import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { Metadata } from '@grpc/grpc-js';
import { forwardResponseMetadata } from './forward-metadata.ts';

const response = () => new ServerResponse(new IncomingMessage(new Socket()));

describe('forwardResponseMetadata', () => {
  it('forwards an upstream header as Grpc-Metadata-<key>, from raw HTTP/2 headers and from grpc-js Metadata alike', () => {
    const fromHeaders = response();
    forwardResponseMetadata(
      { ':status': 200, 'content-type': 'application/grpc+proto', 'grpc-accept-encoding': 'identity,gzip', 'x-served-by': 'palette-7', 'trace-bin': 'AAE=', date: 'Tue' },
      fromHeaders,
    );
    const metadata = new Metadata();
    metadata.set('content-type', 'application/grpc+proto');
    metadata.set('x-served-by', 'palette-7');
    metadata.set('trace-bin', Buffer.from([0, 1]));
    const fromMetadata = response();
    forwardResponseMetadata(metadata, fromMetadata);
    // Transport headers, gRPC's own and binary values stay behind.
    assert.deepEqual({ ...fromHeaders.getHeaders() }, { 'grpc-metadata-x-served-by': 'palette-7' });
    assert.deepEqual({ ...fromMetadata.getHeaders() }, { 'grpc-metadata-x-served-by': 'palette-7' });
  });
});
