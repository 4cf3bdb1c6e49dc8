import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Code } from './code.ts';
import { isUuid, newId } from './ids.ts';
import { decodePageToken, encodePageToken, pageSizeOf } from './page-token.ts';

describe('newId', () => {
  it('makes RFC 9562 version 7 UUIDs that sort by creation time', () => {
    const ids = [newId(1_700_000_000_000), newId(1_700_000_000_001), newId(1_800_000_000_000)];
    for (const id of ids) {
      assert.ok(isUuid(id), id);
      assert.equal(id[14], '7');
      assert.match(id[19] ?? '', /[89ab]/);
    }
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(ids[0]?.slice(0, 13), '018bcfe5-6800');
  });

  it('differs between calls in the same millisecond', () => {
    assert.notEqual(newId(5), newId(5));
  });
});

describe('page tokens', () => {
  it('round-trip the cursor for the same query', () => {
    const token = encodePageToken({ query: 'subject=s1', after: ['2026-11-24T10:00:00Z', 'id-1'] });
    assert.deepEqual(decodePageToken(token, 'subject=s1'), { query: 'subject=s1', after: ['2026-11-24T10:00:00Z', 'id-1'] });
    assert.equal(decodePageToken('', 'subject=s1'), undefined);
  });

  it('refuse a token from another query, or a forged one, with INVALID_ARGUMENT', () => {
    const token = encodePageToken({ query: 'subject=s1', after: [1] });
    assert.throws(() => decodePageToken(token, 'subject=s2'), { code: Code.INVALID_ARGUMENT });
    assert.throws(() => decodePageToken('not-base64-json', 'subject=s1'), { code: Code.INVALID_ARGUMENT });
    assert.throws(() => decodePageToken(Buffer.from('["subject=s1",[{}]]').toString('base64url'), 'subject=s1'), {
      code: Code.INVALID_ARGUMENT,
    });
  });

  it('refuse a forged token too large to be real, or with a value PostgreSQL text cannot hold, before using it', () => {
    const huge = encodePageToken({ query: 'subject=s1', after: ['x'.repeat(5_000_000)] });
    assert.throws(() => decodePageToken(huge, 'subject=s1'), { code: Code.INVALID_ARGUMENT });
    const long = encodePageToken({ query: 'subject=s1', after: ['x'.repeat(2_000)] });
    assert.throws(() => decodePageToken(long, 'subject=s1'), { code: Code.INVALID_ARGUMENT });
    const nul = encodePageToken({ query: 'subject=s1', after: ['a\u0000b'] });
    assert.throws(() => decodePageToken(nul, 'subject=s1'), { code: Code.INVALID_ARGUMENT });
    const real = encodePageToken({ query: 'subject=s1', after: ['Ochre Theory', 'Daybreak Fluid Foundation', 'id-1'] });
    assert.equal(decodePageToken(real, 'subject=s1')?.after.length, 3);
  });

  it('default, clamp and refuse page sizes', () => {
    assert.equal(pageSizeOf(0, { default: 20, max: 100 }), 20);
    assert.equal(pageSizeOf(500, { default: 20, max: 100 }), 100);
    assert.equal(pageSizeOf(7, { default: 20, max: 100 }), 7);
    assert.throws(() => pageSizeOf(-1, { default: 20, max: 100 }), /pageSize must not be negative/);
  });
});
