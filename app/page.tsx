import { corpusStats, recentDocuments, recentNotes, topPhrases } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { Z } from '@/components/text/Zh';
import { fmtDate, fmtNum } from '@/components/layout/format';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const [zh, stats, top, docs, notes] = await Promise.all([getZh(), corpusStats(), topPhrases(30), recentDocuments(8), recentNotes(6)]);
  return (
    <>
      <section className="hero">
        <h1>Look up a formulation in context</h1>
        <p>
          Every phrase quoted in the ingested speeches and reports, with each sentence that uses it. Type it in
          simplified or traditional characters, or in pinyin.
        </p>
        <form action="/phrases" role="search" aria-label="Glossary">
          <div className="search-row">
            <label className="sr-only" htmlFor="home-q">Phrase, in characters or pinyin</label>
            <input id="home-q" type="search" name="q" placeholder="两个确立 · 兩個確立 · lgql" enterKeyHint="search" />
            <input type="hidden" name="go" value="1" />
            <button className="btn" type="submit">Search</button>
          </div>
        </form>
        <div className="stats">
          <span><b className="num">{fmtNum(stats.phrases)}</b> phrases</span>
          <span><b className="num">{fmtNum(stats.occurrences)}</b> uses</span>
          <span><b className="num">{fmtNum(stats.documents)}</b> documents</span>
          <span><b className="num">{fmtNum(stats.notes)}</b> notes</span>
        </div>
      </section>

      {stats.documents === 0 ? (
        <section className="section">
          <div className="notice">
            <h2>The database is empty</h2>
            <p>Ingest some documents, then reload this page:</p>
            <pre>npm run ingest -- data/samples{'\n'}npm run ingest -- path/to/your/files-or-folders</pre>
            <p className="small">
              Plain text, Markdown, JSON Lines and CSV are read, in UTF-8, GB18030/GBK, Big5 or UTF-16. See{' '}
              <code>npm run ingest -- --help</code>.
            </p>
          </div>
        </section>
      ) : (
        <>
          <section className="section">
            <h2>
              Most quoted <a className="aside" href="/phrases">Full glossary →</a>
            </h2>
            <ul className="phrase-cloud">
              {top.map((p) => (
                <li key={p.id}>
                  <a href={`/phrases/${p.id}`}>
                    <Z zh={zh} text={p.text} />
                    <span className="count">{fmtNum(p.occurrenceCount)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <div className="grid-2">
            <section className="section">
              <h2>
                Recently ingested <a className="aside" href="/documents">All documents →</a>
              </h2>
              <ul className="list-plain">
                {docs.map((d) => (
                  <li key={d.id} className="doc-line">
                    <a href={`/documents/${d.id}`}>
                      <Z zh={zh} text={d.title} />
                    </a>
                    <span className="meta">
                      {fmtDate(d.date)} · {fmtNum(d.occurrenceCount)} uses
                    </span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="section">
              <h2>Recent notes</h2>
              {notes.length === 0 ? (
                <p className="empty">No notes yet. Open an entry and add the first one.</p>
              ) : (
                <ul className="list-plain">
                  {notes.map((n) => (
                    <li key={n.id}>
                      <a href={`/phrases/${n.phrase.id}#note-${n.id}`}>
                        <Z zh={zh} text={n.phrase.text} />
                      </a>
                      <span className="muted small"> · {n.author}</span>
                      <div className="small muted">{excerpt(n.body)}</div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}

function excerpt(md: string): string {
  const plain = md.replace(/[#*_`>\[\]()!-]+/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 120 ? plain.slice(0, 119) + '…' : plain;
}
