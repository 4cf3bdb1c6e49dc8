import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

let stack: TestStack;
before(async () => (stack = await startTestStack()));
after(() => stack.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(stack.url(path), {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as any) : undefined };
}

describe('path variables', () => {
  it('binds {name=shelves/*} and {name=shelves/*/books/*} to the named field', async () => {
    assert.deepEqual((await call('GET', '/v1/shelves/s1')).json, { name: 'shelves/s1', theme: 'theme of shelves/s1' });
    assert.equal((await call('GET', '/v1/shelves/s1/books/b2')).json.name, 'shelves/s1/books/b2');
  });

  it('binds "**" across segments, keeping an escaped slash escaped', async () => {
    assert.equal((await call('GET', '/v1/files/docs/2024/a%2Fb.txt')).json.path, 'docs/2024/a%2Fb.txt');
  });

  it('decodes a one-segment variable fully, an escaped slash included', async () => {
    assert.equal((await call('GET', '/v1/everything/1/a%2Fb%20c')).json.nested.name, 'a/b c');
    assert.equal((await call('GET', '/v1/analyses/x%2Fy')).json.id, 'x/y');
  });

  it('routes a :verb to its own method and binds a nested field path in the template', async () => {
    assert.deepEqual((await call('POST', '/v1/shelves/s1/books/b2:move', { otherShelf: 'shelves/s9' })).json.name, 'shelves/s9/books/b2');
    assert.equal((await call('GET', '/v1/files/a/b.txt:download')).json, Buffer.from('content of a/b.txt').toString('base64'));
    const { json } = await call('GET', '/v1/everything/-42/inner');
    assert.equal(json.int64Value, '-42');
    assert.equal(json.nested.name, 'inner');
  });

  it('serves a custom HTTP method (SEARCH)', async () => {
    assert.deepEqual((await call('SEARCH', '/v1/shelves', { query: 'poems' })).json, { shelves: [{ name: 'shelves/found', theme: 'poems' }] });
  });

  it('refuses a path value that is not of the field type', async () => {
    const { status, json } = await call('GET', '/v1/everything/not-a-number/x');
    assert.equal(status, 400);
    assert.match(json.message, /path variable "int64_value"/);
  });
});

describe('query parameters', () => {
  it('fill non-path fields: nested via dots, repeated by repetition, enums by name or number, well-known types as strings', async () => {
    const query = [
      'int32Value=7',
      'uint64_value=18446744073709551615',
      'doubleValue=2.5',
      'boolValue=true',
      'stringValue=h%C3%A9llo+world',
      'bytesValue=AQID',
      'genre=GENRE_POETRY',
      'tags=a&tags=b',
      'genres=1&genres=GENRE_POETRY',
      'nested.level=3&nested.child.name=deep',
      'time=2024-05-06T07:08:09.5Z',
      'duration=90s',
      'mask=title,nested.name',
      'wrappedInt64=-5&wrappedBool=false&wrappedString=&wrappedDouble=1e3',
      'anyValue=text',
      'optionalInt32=0',
      'int64List=1&int64List=9007199254740993',
      'counts[apples]=3&counts%5Bpears%5D=-4',
    ].join('&');
    const { status, json } = await call('GET', `/v1/everything/12/named?${query}`);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.int32Value, 7);
    assert.equal(json.int64Value, '12');
    assert.equal(json.uint64Value, '18446744073709551615');
    assert.equal(json.doubleValue, 2.5);
    assert.equal(json.boolValue, true);
    assert.equal(json.stringValue, 'héllo world');
    assert.equal(json.bytesValue, 'AQID');
    assert.equal(json.genre, 'GENRE_POETRY');
    assert.deepEqual(json.tags, ['a', 'b']);
    assert.deepEqual(json.genres, ['GENRE_FICTION', 'GENRE_POETRY']);
    assert.deepEqual(json.nested, { name: 'named', level: 3, child: { name: 'deep', level: 0 } });
    assert.equal(json.time, '2024-05-06T07:08:09.500Z');
    assert.equal(json.duration, '90s');
    assert.equal(json.mask, 'title,nested.name');
    assert.equal(json.wrappedInt64, '-5');
    assert.equal(json.wrappedBool, false);
    assert.equal(json.wrappedString, '');
    assert.equal(json.wrappedDouble, 1000);
    assert.equal(json.anyValue, 'text');
    assert.equal(json.optionalInt32, 0, 'explicit presence survives a zero');
    assert.deepEqual(json.int64List, ['1', '9007199254740993']);
    assert.deepEqual(json.counts, { apples: '3', pears: '-4' }, 'map entries as field[key]=value');
  });

  it('fill the Shine palette request: monk, undertone by name, skinLab.l', async () => {
    const { json } = await call('GET', '/v1/palettes?monk=5&undertone=UNDERTONE_WARM&skinLab.l=62.5&skin_lab.a=3');
    assert.equal(json.undertone, 'UNDERTONE_WARM');
    assert.deepEqual(json.groups[0].swatches[0].lab, { l: 62.5, a: 3, b: 0 });
  });

  it('are rejected with 400 naming them when unknown, bound elsewhere, repeated wrongly or of the wrong type', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/v1/palettes?monk=5&colour=red', /unknown query parameter "colour": the query parameters here are monk, undertone, category, skinLab\.l, skinLab\.a and skinLab\.b$/],
      // Path-bound fields and bytes are no query parameters: not offered.
      ['/v1/shelves/s1/books?limit=1', /unknown query parameter "limit": the query parameters here are pageSize, genres and publishedAfter$/],
      ['/v1/palettes?monk=5&skinLab.x=1', /unknown query parameter "skinLab.x": "skinLab" has the fields l, a and b$/],
      ['/v1/palettes?monk=5&monk=6', /"monk" is given more than once/],
      ['/v1/palettes?monk=0x5', /query parameter "monk": expected a whole number \(int32\) in decimal digits, got "0x5"/],
      ['/v1/palettes?monk=', /expected a whole number/],
      ['/v1/shelves/s1/books?pageSize=%FF', /query parameter "pageSize" is not valid percent-encoded UTF-8/],
      ['/v1/palettes?monk=five', /query parameter "monk": expected a whole number \(int32\) in decimal digits, got "five"/],
      // The number as sent, not as parsed (1e20), with the range.
      ['/v1/palettes?monk=99999999999999999999', /query parameter "monk": expected a whole number \(int32\) from -2147483648 to 2147483647, got "99999999999999999999"$/],
      ['/v1/everything/1/x?uint64Value=-1', /query parameter "uint64Value": expected a whole number \(uint64\) from 0 to 18446744073709551615, got "-1"$/],
      [
        '/v1/palettes?monk=5&undertone=UNDERTONE_PURPLE',
        /^query parameter "undertone": expected one of UNDERTONE_UNSPECIFIED, UNDERTONE_WARM, UNDERTONE_NEUTRAL or UNDERTONE_COOL, got "UNDERTONE_PURPLE"$/,
      ],
      ['/v1/everything/1/x?genres=GENRE_FICTION&genres=PROSE', /query parameter "genres": expected one of .* or GENRE_POETRY, got "PROSE"$/],
      ['/v1/everything/1/x?genres=99999999999', /^query parameter "genres": expected one of .* or GENRE_POETRY, or a value's number \(-2147483648 to 2147483647\), got "99999999999"$/],
      ['/v1/palettes?skinLab=1', /skinLab.*is a message/],
      ['/v1/everything/1/x?boolValue=maybe', /query parameter "boolValue": expected true or false/],
      ['/v1/everything/1/x?time=yesterday', /^query parameter "time": .*RFC 3339/],
      ['/v1/everything/1/x?int64Value=2', /"int64Value" is not accepted here: it is bound by the path/],
      ['/v1/everything/1/x?nested.name=y', /"nested.name" is not accepted here: it is bound by the path/],
      ['/v1/everything/1/x?counts=1', /map field takes one entry per parameter/],
      ['/v1/everything/1/x?tags[a]=1', /"tags" is not a map field/],
      ['/v1/everything/1/x?counts[a]=one', /query parameter "counts\[a\]"/],
    ];
    for (const [path, message] of cases) {
      const { status, json } = await call('GET', path);
      assert.equal(status, 400, path);
      assert.equal(json.code, 3);
      assert.match(json.message, message, path);
    }
  });

  it('are refused when the body carries every field', async () => {
    const { status, json } = await call('POST', '/v1/everything:echo?int32Value=1', {});
    assert.equal(status, 400);
    assert.match(json.message, /the request body carries every field/);
  });
});

describe('request bodies', () => {
  it('body: "field" takes the JSON as that field, the rest from path and query; Create answers 201', async () => {
    const { status, json } = await call('POST', '/v1/shelves/s1/books?bookId=b9', { title: 'Odes', genre: 'GENRE_POETRY', pageCount: '120', publishTime: '2020-01-01T00:00:00Z' });
    assert.equal(status, 201);
    assert.deepEqual(json, { name: 'shelves/s1/books/b9', title: 'Odes', genre: 'GENRE_POETRY', pageCount: '120', publishTime: '2020-01-01T00:00:00Z' });
  });

  it('a path variable inside the body field wins over the body; additional bindings work alike', async () => {
    for (const method of ['PATCH', 'PUT']) {
      const { status, json } = await call(method, '/v1/shelves/s1/books/b2?updateMask=title,genre', { name: 'shelves/x/books/y', title: 'New' });
      assert.equal(status, 200);
      assert.deepEqual(json, { name: 'shelves/s1/books/b2', title: 'New', genre: 'GENRE_UNSPECIFIED', pageCount: '0', updateMask: 'title,genre' });
    }
  });

  it('Delete returning Empty answers 204 with no body', async () => {
    const { status, text } = await call('DELETE', '/v1/shelves/s1/books/b2');
    assert.equal(status, 204);
    assert.equal(text, '');
  });

  it('round-trips every proto3 JSON form through body: "*"', async () => {
    const everything = {
      int32Value: -3,
      int64Value: '-9007199254740993',
      uint64Value: '18446744073709551615',
      doubleValue: 'NaN',
      floatValue: 1.5,
      boolValue: true,
      stringValue: 'ü',
      bytesValue: 'AAEC/w==',
      genre: 'GENRE_FICTION',
      tags: ['x'],
      genres: ['GENRE_POETRY'],
      nested: { name: 'n', level: 1, child: { name: 'c', level: 2 } },
      nestedList: [{ name: 'l', level: 0 }],
      counts: { a: '1', b: '-2' },
      time: '1970-01-01T00:00:00Z',
      duration: '-1.000000001s',
      mask: 'a.b,c',
      wrappedInt64: '5',
      wrappedBool: false,
      wrappedString: 's',
      wrappedDouble: 0,
      attributes: { k: [1, 'two', null, { three: true }] },
      anyValue: { nested: 'value' },
      choiceNumber: 4,
      optionalInt32: 0,
      sint64Value: '-1',
      int64List: ['0'],
    };
    const { status, json } = await call('POST', '/v1/everything:echo', everything);
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(json, everything);
  });

  it('accepts proto field names as well as JSON names', async () => {
    const { json } = await call('POST', '/v1/everything:echo', { int32_value: 1, nested_list: [{ name: 'x' }] });
    assert.equal(json.int32Value, 1);
    assert.equal(json.nestedList[0].name, 'x');
  });

  it('refuses unknown JSON fields and values of the wrong shape with 400 naming them, at any depth', async () => {
    for (const [body, name] of [
      [{ colour: 'red' }, /^invalid request body: unknown field "colour": the fields are int32Value, .*, …$/],
      [{ nested: { colour: 'red' } }, /^invalid request body: unknown field "colour" in a Nested: its fields are name, level and child$/],
      // A number where an object belongs: the field, the shape it takes and what came.
      [{ nested: 25 }, /^invalid request body: (field "nested"|Nested): expected an object with the fields of a Nested \(name, level and child\), got 25$/],
      // Too deep is said as too deep, not as a value of the wrong shape.
      [{ nested: JSON.parse(`${'{"child":'.repeat(120)}{}${'}'.repeat(120)}`) }, /^invalid request body: .*maximum recursion depth/],
    ] as const) {
      const { status, json } = await call('POST', '/v1/everything:echo', body);
      assert.equal(status, 400);
      assert.match(json.message, name);
    }
  });

  it('keeps an int64 written as a JSON number past 2^53 exact', async () => {
    const { json } = await call('POST', '/v1/everything:echo', '{"int64Value": 9007199254740993, "int64List": [-9223372036854775808, 7], "doubleValue": 12345678901234567890}');
    assert.equal(json.int64Value, '9007199254740993');
    assert.deepEqual(json.int64List, ['-9223372036854775808', '7']);
    assert.equal(json.doubleValue, 12345678901234567000);
  });

  it('reads and writes google.protobuf.Any through the registry', async () => {
    const any = { '@type': 'type.googleapis.com/gatewaytest.v1.Nested', name: 'inside', level: 3 };
    const { status, json } = await call('POST', '/v1/everything:echo', { anyMessage: any });
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(json.anyMessage, { '@type': 'type.googleapis.com/gatewaytest.v1.Nested', name: 'inside', level: 3 });
  });

  it('says a oneof takes one of its fields when a JSON body sets two', async () => {
    const { status, json } = await call('POST', '/v1/everything:echo', { choiceText: 'a', choiceNumber: 1 });
    assert.equal(status, 400);
    assert.equal(json.message, 'invalid request body: give only one of choiceText or choiceNumber: they are alternatives');
  });

  it('names the values an enum field takes when a JSON body gives another, or a number out of range', async () => {
    const { status, json } = await call('POST', '/v1/everything:echo', { genre: 'GENRE_PROSE' });
    assert.equal(status, 400);
    assert.equal(json.message, 'invalid request body: Genre: expected one of GENRE_UNSPECIFIED, GENRE_FICTION or GENRE_POETRY, got "GENRE_PROSE"');
    // Where one field has the enum's type, the message names the field.
    // CreateBook's body is the book: its one Genre field is "genre" as the client wrote it.
    const book = await call('POST', '/v1/shelves/s1/books', { title: 'T', genre: 'GENRE_PROSE' });
    assert.equal(book.status, 400);
    assert.equal(book.json.message, 'invalid request body: field "genre": expected one of GENRE_UNSPECIFIED, GENRE_FICTION or GENRE_POETRY, got "GENRE_PROSE"');
    const huge = await call('POST', '/v1/shelves/s1/books', { title: 'T', genre: 99999999999 });
    assert.equal(huge.status, 400);
    assert.equal(
      huge.json.message,
      "invalid request body: field \"genre\": expected one of GENRE_UNSPECIFIED, GENRE_FICTION or GENRE_POETRY, or a value's number (-2147483648 to 2147483647), got 99999999999",
    );
  });

  it('refuses malformed JSON, wrong types, a non-object body and unsupported media types', async () => {
    assert.match((await call('POST', '/v1/everything:echo', '{"int32Value":')).json.message, /not valid JSON/);
    assert.match((await call('POST', '/v1/everything:echo', { int32Value: 'x' })).json.message, /field "int32Value": expected number/);
    assert.match((await call('POST', '/v1/everything:echo', [1])).json.message, /must be a JSON object/);
    const xml = await call('POST', '/v1/everything:echo', '<x/>', { 'content-type': 'application/xml' });
    assert.equal(xml.status, 415);
    assert.match(xml.json.message, /unsupported Content-Type "application\/xml"/);
  });
});

describe('response mapping', () => {
  it('writes int64 as strings, enums as names, defaults included, response_body unwrapped', async () => {
    const { json } = await call('GET', '/v1/shelves/s1/books/b2');
    assert.deepEqual(json, { name: 'shelves/s1/books/b2', title: 'A Book', genre: 'GENRE_UNSPECIFIED', pageCount: '9007199254740993' });
    const analysis = await call('GET', '/v1/analyses/a-1');
    assert.equal(analysis.json.id, 'a-1', 'response_body "analysis" is the HTTP body');
  });

  it('answers 405 with Allow for a method the path does not take, 404 for no route', async () => {
    const wrong = await call('PUT', '/v1/shelves/s1');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
    assert.equal(wrong.json.message, '/v1/shelves/s1 does not take PUT: use GET');
    const missing = await call('GET', '/v2/nothing');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.details[0].reason, 'ROUTE_NOT_FOUND');
    assert.equal(missing.json.message, 'no route for GET /v2/nothing: see /openapi.json');
    const nearMiss = await call('GET', '/v1/palette?monk=5');
    assert.equal(nearMiss.status, 404);
    assert.equal(nearMiss.json.message, 'no route for GET /v1/palette: did you mean /v1/palettes? (every route: /openapi.json)');
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await fetch(stack.url('/v1/shelves/s1'), { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(await response.text(), '');
  });
});

describe('with REJECT_UNKNOWN_FIELDS off', () => {
  let lenient: TestStack;
  before(async () => (lenient = await startTestStack({ rejectUnknownFields: false })));
  after(() => lenient.close());

  it('drops unknown query parameters and JSON fields instead of refusing them', async () => {
    const query = await fetch(lenient.url('/v1/palettes?monk=5&utm_source=mail'));
    assert.equal(query.status, 200);
    // Unknown enum names are unknown values too: ignored, as the proto3 JSON mapping ignores them.
    const genre = await fetch(lenient.url('/v1/everything/1/x?genre=GENRE_PROSE'));
    assert.equal(((await genre.json()) as { genre: string }).genre, 'GENRE_UNSPECIFIED');
    const body = await fetch(lenient.url('/v1/everything:echo'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ int32Value: 2, colour: 'red' }),
    });
    assert.equal(((await body.json()) as { int32Value: number }).int32Value, 2);
  });
});
