import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode, DecodeError } from './decode';
import { readFile, SourceError } from './read';
import { foldToSimplified, toSimplified } from '../text/script';

const SEED = fs.readFileSync(path.join(__dirname, '../../data/samples/000_ce7623e9653b5579.txt'), 'utf8');
// The seed is in (naively converted) traditional characters; GBK has no codes for some, so a simplified copy is used for GBK.
const SEED_SIMPLIFIED = toSimplified(SEED);
// Big5 has no tone-marked Latin letters: the seed without its "(xié)" annotations.
const SEED_BIG5 = SEED.replace(/\([a-z\u00e0-\u01dc]+\)/g, '');

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('decode', () => {
  it('reads UTF-8 without a BOM', () => {
    const r = decode(Buffer.from(SEED, 'utf8'));
    expect(r).toEqual({ text: SEED, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const r = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED, 'utf8')]));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe(SEED);
  });

  it('reads UTF-16LE and UTF-16BE with a BOM', () => {
    const le = iconv.encode(SEED, 'utf-16le', { addBOM: true });
    const be = iconv.encode(SEED, 'utf-16be', { addBOM: true });
    expect(le[0]).toBe(0xff);
    expect(be[0]).toBe(0xfe);
    expect(decode(le)).toEqual({ text: SEED, encoding: 'utf-16le' });
    expect(decode(be)).toEqual({ text: SEED, encoding: 'utf-16be' });
  });

  it('detects GBK and GB18030', () => {
    for (const enc of ['gbk', 'gb18030']) {
      const bytes = iconv.encode(SEED_SIMPLIFIED, enc);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      const r = decode(bytes);
      expect(r.encoding).toBe('gb18030');
      expect(r.text).toBe(SEED_SIMPLIFIED);
    }
    // GB18030 encodes every character, traditional ones included.
    expect(decode(iconv.encode(SEED, 'gb18030')).text).toBe(SEED);
  });

  it('detects Big5 (the seed in traditional characters)', () => {
    const bytes = iconv.encode(SEED_BIG5, 'big5');
    expect(iconv.decode(bytes, 'big5')).toBe(SEED_BIG5); // the fixture round-trips
    const r = decode(bytes);
    expect(r.encoding).toBe('big5');
    expect(r.text).toBe(SEED_BIG5);
    expect(foldToSimplified(r.text)).toContain('永远在路上');
  });

  it('rejects random binary bytes with a DecodeError', () => {
    for (const seed of [1, 2, 3]) {
      expect(() => decode(randomBytes(4096, seed))).toThrow(DecodeError);
    }
  });

  it('rejects Latin-1 text', () => {
    const latin1 = Buffer.from('Café crème, déjà vu — naïve façade; São Paulo, Zürich, Ørsted. '.repeat(20), 'latin1');
    expect(() => decode(latin1)).toThrow(DecodeError);
  });

  it('rejects valid UTF-8 full of control characters', () => {
    const bytes = Buffer.from('\u0001\u0002\u0003abc\u0000'.repeat(100), 'utf8');
    expect(() => decode(bytes)).toThrow(/not a text file/);
  });

  it('rejects a UTF-8 BOM followed by invalid UTF-8', () => {
    expect(() => decode(Buffer.from([0xef, 0xbb, 0xbf, 0xc3, 0x28, 0xff]))).toThrow(/UTF-8 byte-order mark/);
  });
});

describe('readFile on encoded files', () => {
  it('reads a GBK .txt and a Big5 .txt, and reports a binary .txt as a SourceError', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-decode-'));
    try {
      fs.writeFileSync(path.join(dir, 'gbk.txt'), iconv.encode(SEED_SIMPLIFIED, 'gbk'));
      fs.writeFileSync(path.join(dir, 'big5.txt'), iconv.encode(SEED_BIG5, 'big5'));
      fs.writeFileSync(path.join(dir, 'broken.txt'), randomBytes(2048, 7));
      expect(readFile(path.join(dir, 'gbk.txt'))[0].text).toBe(SEED_SIMPLIFIED);
      expect(readFile(path.join(dir, 'big5.txt'))[0].text).toBe(SEED_BIG5);
      expect(() => readFile(path.join(dir, 'broken.txt'))).toThrow(SourceError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
