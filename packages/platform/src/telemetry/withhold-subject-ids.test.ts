import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withholdSubjectIds } from './withhold-subject-ids.ts';

describe('withholdSubjectIds', () => {
  it('replaces the subject id in each REST path that carries one', () => {
    assert.equal(withholdSubjectIds('/v1/subjects/ada@example.com/recommendations:watch'), '/v1/subjects/{subject_id}/recommendations:watch');
    assert.equal(withholdSubjectIds('/v1/subjects/s-1/analyses?pageSize=5'), '/v1/subjects/{subject_id}/analyses?pageSize=5');
    assert.equal(withholdSubjectIds('/v1/subjects/s-1'), '/v1/subjects/{subject_id}');
  });

  it('replaces subject ids in the query string, whatever the spelling', () => {
    assert.equal(withholdSubjectIds('/v1/x?subjectId=ada&monk=5'), '/v1/x?subjectId={subject_id}&monk=5');
    assert.equal(withholdSubjectIds('/v1/x?monk=5&subject_id=ada'), '/v1/x?monk=5&subject_id={subject_id}');
  });

  it('leaves paths without a subject as they are', () => {
    assert.equal(withholdSubjectIds('/v1/analyses/0190a7e2-7c1b-7000-8000-000000000000'), '/v1/analyses/0190a7e2-7c1b-7000-8000-000000000000');
    assert.equal(withholdSubjectIds('/v1/palettes?monk=5&undertone=UNDERTONE_WARM'), '/v1/palettes?monk=5&undertone=UNDERTONE_WARM');
  });
});
