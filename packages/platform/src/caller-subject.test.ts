import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metadata } from '@grpc/grpc-js';
import { callerSubjectMetadata, callerSubjectOf } from './caller-subject.ts';

const metadataWith = (...subjects: string[]) => {
  const metadata = new Metadata();
  metadata.set('x-request-id', 'r1');
  for (const subject of subjects) metadata.add('shine-subject-id', subject);
  return metadata;
};

describe('callerSubjectOf', () => {
  it('reads the one subject the gateway set', () => {
    assert.equal(callerSubjectOf(metadataWith('s7')), 's7');
  });

  it('treats no subject, an empty one, or two as a guest', () => {
    assert.equal(callerSubjectOf(metadataWith()), undefined);
    assert.equal(callerSubjectOf(metadataWith('')), undefined);
    assert.equal(callerSubjectOf(metadataWith('s7', 's8')), undefined);
  });
});

describe('callerSubjectMetadata', () => {
  it('carries the subject downstream and nothing else', () => {
    assert.deepEqual(callerSubjectMetadata(metadataWith('s7')).getMap(), { 'shine-subject-id': 's7' });
    assert.deepEqual(callerSubjectMetadata(metadataWith()).getMap(), {});
  });
});
