/**
 * Atom feeds: the new uses of a phrase, one entry per newly ingested (or
 * re-ingested) document that brings them, and the phrases first seen in newly
 * ingested documents. Entry ids are tag URIs built from ids that survive
 * re-ingesting (phrase and document ids), so readers never see an entry twice;
 * links are the site's stable URLs.
 */
import { Feed } from 'feed';
import { num, rows, sql, toDate } from './db';
import type { PhraseEntry } from './phrases';

/** Entries per feed. */
export const FEED_ENTRIES = 50;
/** Sentences quoted in an entry. */
const SENTENCES = 5;

export function tagId(path: string): string {
  return `tag:tifa,2026:${path}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** New uses of a phrase: the documents that use it, latest ingested first. */
export async function phraseUsesFeed(phrase: Pick<PhraseEntry, 'id' | 'text' | 'simplified'>, origin: string): Promise<string> {
  const docs = await rows<{ id: unknown; title: string; date: string | null; ingestedAt: unknown; n: unknown }>(sql`
    SELECT d.id, d.title, d.date, d.ingestedAt, c.n FROM
      (SELECT documentId, count(*) AS n FROM Occurrence WHERE phraseId = ${phrase.id} GROUP BY documentId) c
    JOIN Document d ON d.id = c.documentId
    ORDER BY d.ingestedAt DESC, d.id DESC LIMIT ${FEED_ENTRIES}`);
  const self = `${origin}/feeds/phrases/${phrase.id}`;
  const updated = docs.length ? toDate(docs[0].ingestedAt) : new Date(0);
  const feed = new Feed({
    id: tagId(`phrase/${phrase.id}/uses`),
    title: `Tifa: new uses of ${phrase.text}`,
    updated,
    link: `${origin}/phrases/${phrase.id}`,
    feed: self,
    author: { name: 'Tifa' },
    generator: 'Tifa',
    language: 'zh',
  });
  for (const d of docs) {
    const id = num(d.id);
    const sentences = await rows<{ text: string }>(sql`
      SELECT s.text FROM Occurrence o JOIN Sentence s ON s.id = o.sentenceId
      WHERE o.phraseId = ${phrase.id} AND o.documentId = ${id} GROUP BY s.id ORDER BY s.id LIMIT ${SENTENCES}`);
    const n = num(d.n);
    feed.addItem({
      id: tagId(`phrase/${phrase.id}/document/${id}`),
      title: `${phrase.text}: ${n} ${n === 1 ? 'use' : 'uses'} in ${d.title}${d.date ? ` (${d.date})` : ''}`,
      link: `${origin}/phrases/${phrase.id}?document=${id}#concordance`,
      date: toDate(d.ingestedAt),
      published: toDate(d.ingestedAt),
      content: sentences.map((s) => `<p>${esc(s.text)}</p>`).join(''),
    });
  }
  return feed.atom1();
}

/** Phrases first seen in newly ingested documents, newest first. */
export async function newPhrasesFeed(origin: string): Promise<string> {
  const phrases = await rows<{ id: unknown; text: string; kind: string; createdAt: unknown; occurrenceCount: unknown; title: string | null; date: string | null; documentId: unknown }>(sql`
    SELECT p.id, p.text, p.kind, p.createdAt, p.occurrenceCount, d.title, d.date, d.id AS documentId
    FROM Phrase p LEFT JOIN Document d ON d.id = p.firstDocumentId
    WHERE p.origin = 'quoted' AND p.occurrenceCount > 0
    ORDER BY p.createdAt DESC, p.id DESC LIMIT ${FEED_ENTRIES}`);
  const feed = new Feed({
    id: tagId('new-phrases'),
    title: 'Tifa: new phrases',
    description: 'Formulations first seen in quotation marks in newly ingested documents.',
    updated: phrases.length ? toDate(phrases[0].createdAt) : new Date(0),
    link: `${origin}/phrases?sort=first`,
    feed: `${origin}/feeds/new-phrases.atom`,
    author: { name: 'Tifa' },
    generator: 'Tifa',
    language: 'zh',
  });
  for (const p of phrases) {
    const id = num(p.id);
    feed.addItem({
      id: tagId(`phrase/${id}`),
      title: `${p.text} (${p.kind})`,
      link: `${origin}/phrases/${id}`,
      date: toDate(p.createdAt),
      published: toDate(p.createdAt),
      description: p.title
        ? `First in ${p.title}${p.date ? ` (${p.date})` : ''}; ${num(p.occurrenceCount)} uses so far.`
        : `${num(p.occurrenceCount)} uses so far.`,
    });
  }
  return feed.atom1();
}
