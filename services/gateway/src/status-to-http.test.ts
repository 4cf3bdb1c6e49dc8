import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Code } from '@shine/platform';
import { httpStatusFromCode, httpStatusOf } from './status-to-http.ts';
import { upstreamError } from './upstream.ts';

describe('httpStatusFromCode', () => {
  it('maps every gRPC code by the standard table', () => {
    const table: Array<[number, number]> = [
      [Code.OK, 200],
      [Code.CANCELLED, 499],
      [Code.UNKNOWN, 500],
      [Code.INVALID_ARGUMENT, 400],
      [Code.DEADLINE_EXCEEDED, 504],
      [Code.NOT_FOUND, 404],
      [Code.ALREADY_EXISTS, 409],
      [Code.PERMISSION_DENIED, 403],
      [Code.RESOURCE_EXHAUSTED, 429],
      [Code.FAILED_PRECONDITION, 400],
      [Code.ABORTED, 409],
      [Code.OUT_OF_RANGE, 400],
      [Code.UNIMPLEMENTED, 501],
      [Code.INTERNAL, 500],
      [Code.UNAVAILABLE, 503],
      [Code.DATA_LOSS, 500],
      [Code.UNAUTHENTICATED, 401],
      [42, 500],
    ];
    for (const [code, status] of table) assert.equal(httpStatusFromCode(code), status, `code ${code}`);
  });

  it('lets a gateway reason name a more precise status', () => {
    assert.equal(httpStatusOf(Code.RESOURCE_EXHAUSTED, 'PAYLOAD_TOO_LARGE'), 413);
    assert.equal(httpStatusOf(Code.RESOURCE_EXHAUSTED, 'RATE_LIMITED'), 429);
    assert.equal(httpStatusOf(Code.INVALID_ARGUMENT, 'UNSUPPORTED_MEDIA_TYPE'), 415);
    assert.equal(httpStatusOf(Code.UNIMPLEMENTED, 'METHOD_NOT_ALLOWED'), 405);
    assert.equal(httpStatusOf(Code.NOT_FOUND, undefined), 404);
  });
});

describe('upstreamError', () => {
  it('turns an oversize message into 413, not 429', () => {
    const error = upstreamError({ code: Code.RESOURCE_EXHAUSTED, details: 'Received message larger than max (20971520 vs 4194304)' }, 'shine.analysis.v1.AnalysisService');
    assert.equal(error.reason, 'PAYLOAD_TOO_LARGE');
    assert.equal(httpStatusOf(error.code, error.reason), 413);
    assert.equal(error.message, 'the message is larger than the analysis service accepts');
    const sent = upstreamError({ code: Code.RESOURCE_EXHAUSTED, details: 'Attempted to send message with a size larger than 4194304' }, 'x.v1.AService');
    assert.equal(sent.reason, 'PAYLOAD_TOO_LARGE');
    const shed = upstreamError({ code: Code.RESOURCE_EXHAUSTED, details: 'the analysis queue is full' }, 'x.v1.AService');
    assert.equal(httpStatusOf(shed.code, shed.reason), 429);
  });

  it('hides transport details of an unreachable service', () => {
    const error = upstreamError({ code: Code.UNAVAILABLE, details: 'No connection established. Last error: connect ECONNREFUSED 10.0.0.7:50052' }, 'shine.palette.v1.PaletteService');
    assert.equal(error.message, 'the palette service is not available; try again later');
    assert.doesNotMatch(error.message, /10\.0\.0\.7/);
  });

  it('keeps a service-sent status as it is', () => {
    const error = upstreamError({ code: Code.UNAVAILABLE, details: 'the model is still loading' }, 'shine.analysis.v1.AnalysisService');
    assert.equal(error.message, 'the model is still loading');
  });
});
