import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePathTemplate, variableValue } from './path-template.ts';
import { RouteTable, type RouteMatch } from './route-table.ts';

const routes = [
  ['GET', '/v1/{name=shelves/*}'],
  ['GET', '/v1/{parent=shelves/*}/books'],
  ['POST', '/v1/{parent=shelves/*}/books'],
  ['GET', '/v1/{name=shelves/*/books/*}'],
  ['DELETE', '/v1/{name=shelves/*/books/*}'],
  ['POST', '/v1/{name=shelves/*/books/*}:move'],
  ['GET', '/v1/shelves/special'],
  ['GET', '/v1/files/{path=**}'],
  ['GET', '/v1/files/{path=**}:download'],
  ['GET', '/v1/subjects/{subject_id}/recommendations'],
  ['GET', '/v1/subjects/{subject_id}/recommendations:watch'],
  ['SEARCH', '/v1/shelves'],
  ['GET', '/v1/{everything=**}'],
] as const;

const table = new RouteTable(routes.map(([httpMethod, source]) => ({ httpMethod, template: parsePathTemplate(source), target: `${httpMethod} ${source}` })));

/** The matched route and its variables, decoded as the gateway decodes them. */
function matched(method: string, path: string) {
  const match = table.match(method, path);
  if (match.kind !== 'found') return match.kind;
  const variables = Object.fromEntries(match.entry.template.variables.map((variable) => [variable.fieldPath.join('.'), variableValue(variable, match.segments)]));
  return { route: match.entry.target, variables };
}

describe('RouteTable', () => {
  it('binds variables of pattern templates', () => {
    assert.deepEqual(matched('GET', '/v1/shelves/s1'), { route: 'GET /v1/{name=shelves/*}', variables: { name: 'shelves/s1' } });
    assert.deepEqual(matched('GET', '/v1/shelves/s1/books/b2'), { route: 'GET /v1/{name=shelves/*/books/*}', variables: { name: 'shelves/s1/books/b2' } });
    assert.deepEqual(matched('POST', '/v1/shelves/s1/books'), { route: 'POST /v1/{parent=shelves/*}/books', variables: { parent: 'shelves/s1' } });
  });

  it('prefers a literal over a wildcard whatever the order of the routes', () => {
    assert.deepEqual(matched('GET', '/v1/shelves/special'), { route: 'GET /v1/shelves/special', variables: {} });
  });

  it('matches "**" over any number of segments, keeping %2F escaped', () => {
    assert.deepEqual(matched('GET', '/v1/files/a/b%2Fc/d.txt'), { route: 'GET /v1/files/{path=**}', variables: { path: 'a/b%2Fc/d.txt' } });
    assert.deepEqual(matched('GET', '/v1/files'), { route: 'GET /v1/files/{path=**}', variables: { path: '' } });
  });

  it('does not split a segment at an escaped slash', () => {
    assert.deepEqual(matched('GET', '/v1/subjects/a%2Fb/recommendations'), {
      route: 'GET /v1/subjects/{subject_id}/recommendations',
      variables: { subject_id: 'a/b' },
    });
  });

  it('falls back to a "**" route when the more specific branch dead-ends', () => {
    assert.deepEqual(matched('GET', '/v1/shelves/s1/books/b2/pages/3'), {
      route: 'GET /v1/{everything=**}',
      variables: { everything: 'shelves/s1/books/b2/pages/3' },
    });
    // "*" takes no empty segment, so only the catch-all takes a doubled slash.
    assert.deepEqual(matched('GET', '/v1/subjects//recommendations'), {
      route: 'GET /v1/{everything=**}',
      variables: { everything: 'subjects//recommendations' },
    });
  });

  it('routes a verb suffix to its custom method and keeps a colon that is no verb', () => {
    assert.deepEqual(matched('POST', '/v1/shelves/s1/books/b2:move'), { route: 'POST /v1/{name=shelves/*/books/*}:move', variables: { name: 'shelves/s1/books/b2' } });
    assert.deepEqual(matched('GET', '/v1/subjects/s-1/recommendations:watch'), {
      route: 'GET /v1/subjects/{subject_id}/recommendations:watch',
      variables: { subject_id: 's-1' },
    });
    assert.deepEqual(matched('GET', '/v1/files/a/b:download'), { route: 'GET /v1/files/{path=**}:download', variables: { path: 'a/b' } });
    assert.deepEqual(matched('GET', '/v1/files/a/b:c'), { route: 'GET /v1/files/{path=**}', variables: { path: 'a/b:c' } });
    assert.deepEqual(matched('GET', '/v1/shelves/s:1'), { route: 'GET /v1/{name=shelves/*}', variables: { name: 'shelves/s:1' } });
  });

  it('matches custom HTTP methods', () => {
    assert.deepEqual(matched('SEARCH', '/v1/shelves'), { route: 'SEARCH /v1/shelves', variables: {} });
  });

  it('says which methods a path takes when the method is wrong, and not-found when no path matches', () => {
    // The catch-all takes GET only, so PUT finds the book route's methods.
    assert.deepEqual(table.match('PUT', '/v1/shelves/s1/books/b2') satisfies RouteMatch<string>, { kind: 'method-not-allowed', allowed: ['DELETE', 'GET'] });
    assert.equal(matched('GET', '/v2/anything'), 'not-found');
    assert.equal(table.match('POST', '/v1/shelves/s1/books/b2/x:move').kind, 'method-not-allowed');
    // GET on a POST custom method is the wrong method, not a book whose id ends in ":move".
    assert.deepEqual(table.match('GET', '/v1/shelves/s1/books/b2:move') satisfies RouteMatch<string>, { kind: 'method-not-allowed', allowed: ['POST'] });
  });

  it('names the route a near miss meant: one word a letter or two off, the rest fitting, this method first', () => {
    const nearest = (method: string, path: string) => table.nearest(method, path)?.target;
    assert.equal(nearest('GET', '/v1/shelves/s1/book'), 'GET /v1/{parent=shelves/*}/books');
    assert.equal(nearest('POST', '/v1/shelves/s1/bokos'), 'POST /v1/{parent=shelves/*}/books');
    assert.equal(nearest('GET', '/v1/subjects/ada/recomendations'), 'GET /v1/subjects/{subject_id}/recommendations');
    assert.equal(nearest('GET', '/v1/subjects/ada/recommendation:watch'), 'GET /v1/subjects/{subject_id}/recommendations:watch', 'the custom method counts');
    assert.equal(nearest('GET', '/v1/subjects/ada/recommendations:wach'), 'GET /v1/subjects/{subject_id}/recommendations:watch', 'a custom method one letter off');
    assert.equal(nearest('GET', '/v1/subjects/ada/recommendation'), 'GET /v1/subjects/{subject_id}/recommendations', 'no custom method, no watch');
    assert.equal(nearest('GET', '/v1/shelves/s1/magazines'), undefined, 'too far off');
    assert.equal(nearest('GET', '/v1/shelfs/s1/boks'), undefined, 'two words off');
    assert.equal(nearest('GET', '/v1/shelves//books'), undefined, 'an empty variable fits nothing');
    assert.equal(nearest('GET', `/v1/shelves/s1/${'b'.repeat(16_000)}`), undefined, 'a long segment is no near miss');
  });

  it('answers HEAD with the GET route', () => {
    assert.deepEqual(matched('HEAD', '/v1/shelves/s1'), { route: 'GET /v1/{name=shelves/*}', variables: { name: 'shelves/s1' } });
  });

  it('refuses two routes for the same method and template at start', () => {
    assert.throws(
      () => new RouteTable([1, 2].map((target) => ({ httpMethod: 'GET', template: parsePathTemplate('/v1/{a}'), target }))),
      /GET \/v1\/\{a\} conflicts with GET \/v1\/\{a\}/,
    );
  });
});
