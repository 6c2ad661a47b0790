import { describe, expect, it } from 'vitest';
import { isJsonType, isSameOrigin, parseJsonObject, readLimited } from './request';
import { localPath } from './redirect';
import { hasRole, nameKey, nameProblem } from './roles';

const h = (o: Record<string, string>) => new Headers(o);
const URL_ = 'http://127.0.0.1:3210/api/phrases/1/notes';

describe('isSameOrigin', () => {
  it('accepts the page’s own origin and programs that send no Origin', () => {
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', origin: 'http://127.0.0.1:3210' }), URL_)).toBe(true);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3210' }), URL_)).toBe(true);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210' }), URL_)).toBe(true);
    // Behind a TLS proxy: the browser says https, the server sees http.
    expect(isSameOrigin(h({ host: 'tifa.example.org', origin: 'https://tifa.example.org' }), 'http://tifa.example.org/api/x')).toBe(true);
    expect(isSameOrigin(h({ host: 'internal:3000', 'x-forwarded-host': 'tifa.example.org', origin: 'https://tifa.example.org' }), 'http://internal:3000/x')).toBe(true);
  });

  it('refuses another site however it announces itself', () => {
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', origin: 'http://evil.example' }), URL_)).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', 'sec-fetch-site': 'cross-site' }), URL_)).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:3210' }), URL_)).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', origin: 'null' }), URL_)).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', origin: 'http://127.0.0.1:3211' }), URL_)).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', origin: 'http://127.0.0.1:3210.evil.example' }), URL_)).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3210', origin: 'garbage' }), URL_)).toBe(false);
  });

  it('accepts origins an operator allows', () => {
    expect(isSameOrigin(h({ host: 'a:1', origin: 'https://editors.example' }), 'http://a:1/', ['https://editors.example/'])).toBe(true);
  });
});

describe('isJsonType', () => {
  it('takes application/json with parameters, nothing else', () => {
    expect(isJsonType('application/json')).toBe(true);
    expect(isJsonType('Application/JSON; charset=utf-8')).toBe(true);
    for (const t of [null, '', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json']) {
      expect(isJsonType(t), String(t)).toBe(false);
    }
  });
});

const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseJsonObject', () => {
  it('returns the object, or {} for an empty body', () => {
    expect(parseJsonObject(bytes('{"body":"两个确立 𠮷"}'))).toEqual({ ok: true, value: { body: '两个确立 𠮷' } });
    expect(parseJsonObject(bytes('  '))).toEqual({ ok: true, value: {} });
  });

  it('refuses lone surrogates, NUL, invalid UTF-8, non-objects and bad JSON with 400', () => {
    const cases: Array<[Uint8Array, RegExp]> = [
      [bytes('{"body":"lone \\ud800 x"}'), /lone surrogate/],
      [bytes('{"body":"\\udc00"}'), /lone surrogate/],
      [bytes('{"a":{"b":["\\ud83d"]}}'), /a\.b\[0\].*lone surrogate/],
      [bytes('{"\\ud800":1}'), /key.*lone surrogate/],
      [bytes('{"body":"a\\u0000b"}'), /null character/],
      [new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe0, 0x80, 0x22, 0x7d]), /UTF-8/],
      [new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), /UTF-8/],
      [bytes('[1,2]'), /JSON object/],
      [bytes('"text"'), /JSON object/],
      [bytes('null'), /JSON object/],
      [bytes('{"body":'), /not valid JSON/],
    ];
    for (const [b, message] of cases) {
      const r = parseJsonObject(b);
      expect(r.ok, message.source).toBe(false);
      if (!r.ok) {
        expect(r.status).toBe(400);
        expect(r.message).toMatch(message);
      }
    }
    // A surrogate pair written as escapes is well-formed.
    expect(parseJsonObject(bytes('{"b":"\\ud842\\udfb7"}'))).toEqual({ ok: true, value: { b: '𠮷' } });
  });
});

describe('readLimited', () => {
  const stream = (chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const n of chunks) c.enqueue(new Uint8Array(n).fill(97));
        c.close();
      },
    });
  it('reads a body up to the limit and gives up past it', async () => {
    expect((await readLimited(stream([10, 20]), 30))?.byteLength).toBe(30);
    expect(await readLimited(stream([10, 20, 1]), 30)).toBeNull();
    expect((await readLimited(null))?.byteLength).toBe(0);
  });
});

describe('localPath', () => {
  it('keeps paths on this site', () => {
    expect(localPath('/phrases/3?x=1#notes')).toBe('/phrases/3?x=1#notes');
    expect(localPath('/search?q=%E4%B8%A4')).toBe('/search?q=%E4%B8%A4');
  });
  it('refuses everything a browser would take to another site', () => {
    for (const bad of ['//evil.com', '/\t/evil.com', '/\\evil.com', '\\\\evil.com', '/\n/evil.com', 'https://evil.com', 'javascript:alert(1)', 'evil.com', '', '/\u0000']) {
      expect(localPath(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('roles and names', () => {
  it('ranks reader < editor < admin', () => {
    expect(hasRole('admin', 'editor')).toBe(true);
    expect(hasRole('editor', 'editor')).toBe(true);
    expect(hasRole('reader', 'editor')).toBe(false);
    expect(hasRole('editor', 'admin')).toBe(false);
    expect(hasRole('superuser', 'reader')).toBe(false);
  });
  it('takes names of letters and digits, compared case-insensitively', () => {
    expect(nameProblem('ed')).toBeNull();
    expect(nameProblem('李明')).toBeNull();
    expect(nameProblem('a.b-c_d')).toBeNull();
    expect(nameProblem('has space')).not.toBeNull();
    expect(nameProblem('<script>')).not.toBeNull();
    expect(nameProblem('')).not.toBeNull();
    expect(nameKey('Ｅｄ')).toBe('ed');
  });
});
