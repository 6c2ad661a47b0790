/**
 * A document's fingerprint for near-duplicate detection: the set of hashes of
 * its normalised sentences, cut into clauses. Normalising folds away what differs between copies
 * of one text that are still the same text: script (traditional → simplified),
 * character width (NFKC), whitespace and punctuation. Very short sentences
 * ("各位代表：", "谢谢！") are left out: every text has them.
 */
import { xxh64 } from '@node-rs/xxhash';
import { foldToSimplified } from '../text/script';

/** Shortest normalised sentence that counts: shorter ones are formulae of address, not content. */
export const MIN_FINGERPRINT_CHARS = 8;

/**
 * Characters the per-character fold cannot settle, because OpenCC converts them
 * by context (於 is 于 in 关於 but stays in a name; 後, 乾, 夥, 著, 隻 likewise),
 * with their simplified counterparts: both sides are dropped, so either
 * spelling of a sentence normalises the same.
 */
const CONTEXT_FOLDED = '於于後后乾干夥伙著着隻只';

/** A code unit a normalised sentence keeps (1), drops (0), or decides by its code point (2: a surrogate). */
let keepTable: Uint8Array | null = null;

/**
 * What `lettersAndDigits` keeps: letters and digits (\p{L}, \p{N}) but not CONTEXT_FOLDED. A
 * table, not a regular expression: V8's replace with Unicode property classes took 0.41 s of
 * the 1.1 s the fingerprints of ../shared/corpus took, the table 0.03 s.
 */
function keeps(): Uint8Array {
  if (keepTable) return keepTable;
  const table = new Uint8Array(0x10000);
  const letterOrDigit = /^[\p{L}\p{N}]$/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) table[c] = 2;
    else if (letterOrDigit.test(String.fromCharCode(c))) table[c] = 1;
  }
  for (let i = 0; i < CONTEXT_FOLDED.length; i++) table[CONTEXT_FOLDED.charCodeAt(i)] = 0;
  return (keepTable = table);
}

/** The text's letters and digits, without CONTEXT_FOLDED; the text itself when that is all it holds. */
function lettersAndDigits(text: string): string {
  const table = keeps();
  let out = '';
  // Start of the run of kept characters not yet copied to `out`.
  let run = 0;
  for (let i = 0; i < text.length; ) {
    let keep = table[text.charCodeAt(i)];
    let width = 1;
    if (keep === 2) {
      // A pair is one code point, a letter or not; a lone surrogate is not.
      const cp = text.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      keep = cp > 0xffff && /[\p{L}\p{N}]/u.test(String.fromCodePoint(cp)) ? 1 : 0;
    }
    if (keep === 0) {
      if (i > run) out += text.slice(run, i);
      run = i + width;
    }
    i += width;
  }
  if (run === 0) return text;
  return run < text.length ? out + text.slice(run) : out;
}

/** What remains of a clause, already NFKC and folded: no short parentheticals, letters and digits only. */
function stripped(clause: string): string {
  return lettersAndDigits(clause.indexOf('(') < 0 ? clause : clause.replace(/\([^()]{0,8}\)/g, ''));
}

/**
 * A sentence reduced to its letters and digits, simplified, half-width, without
 * short parentheticals (one copy has the transcript's （鼓掌）, the other not).
 */
export function normaliseSentence(text: string): string {
  return stripped(foldToSimplified(text.normalize('NFKC')));
}

/**
 * Where a document's text is cut into clauses: at punctuation only, not at line or
 * paragraph breaks: copies of one text differ in where lines break (a web copy
 * breaks "74.4\n万亿元"). Clauses rather than whole sentences, so that a
 * sentence edited in one place (新建高速铁路 / 高速铁路) loses one clause, not
 * the whole sentence: on the national reports held twice in ../shared/corpus,
 * every pair then shares at least 93% of its clauses. After NFKC: full-width ，；：！？
 * are ASCII then; a full stop is 。 or a '.' not inside a number.
 */
const CLAUSE_BREAK = /(?:[。!?;,:]|\.(?!\d))+/;

const LOW_52_BITS = (1n << 52n) - 1n;

/**
 * A 52-bit hash (exact in a JS number and an SQLite INTEGER): the low bits of
 * xxHash64, a non-cryptographic hash fifteen times cheaper here than SHA-1
 * (0.4 s against 5.8 s for the 583k clauses of cctv_news). Nothing is at
 * stake in a collision but one clause counted as shared.
 */
export function sentenceHash(normalised: string): number {
  return Number(xxh64(normalised) & LOW_52_BITS);
}

/**
 * The sketch of a hash: its low 32 bits. A stored document keeps the sketches
 * of its hashes (DocumentFingerprint.sketch), enough to tell which of a new
 * document's boilerplate clauses it holds: a false match needs one of 2^32
 * values, about one in 17 million for a document of 250 clauses.
 */
export function sketchOf(hash: number): number {
  // ToUint32 takes the integer modulo 2^32: exact, the hash being an integer below 2^53.
  return hash >>> 0;
}

/** A fingerprint's sketches as stored: 4-byte little-endian unsigned integers, in the hashes' order. */
export function encodeSketch(hashes: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(hashes.length * 4);
  hashes.forEach((h, i) => out.writeUInt32LE(sketchOf(h), i * 4));
  return out;
}

/** A stored sketch's values, in order. */
export function* sketchValues(bytes: Uint8Array): Generator<number> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 4 <= buf.length; i += 4) yield buf.readUInt32LE(i);
}

/**
 * The distinct hashes of a document's clauses (CLAUSE_BREAK), each as normaliseSentence
 * gives it, sorted. NFKC and the script fold are done once over the whole text, not clause
 * by clause: both work character by character (OpenCC's phrases hold no punctuation, so
 * none spans a clause's end), and the test compares the two on documents of the corpus.
 */
export function fingerprint(sentences: Iterable<string>): number[] {
  let all = '';
  for (const s of sentences) all += s;
  const out = new Set<number>();
  for (const clause of foldToSimplified(all.normalize('NFKC')).split(CLAUSE_BREAK)) {
    const n = stripped(clause);
    if (n.length >= MIN_FINGERPRINT_CHARS) out.add(sentenceHash(n));
  }
  return [...out].sort((a, b) => a - b);
}


/** Share of the smaller set found in the larger (1 = one contains the other). */
export function containment(a: number[], b: number[]): { shared: number; ratio: number } {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const set = new Set(large);
  let shared = 0;
  for (const h of small) if (set.has(h)) shared++;
  return { shared, ratio: small.length ? shared / small.length : 0 };
}
