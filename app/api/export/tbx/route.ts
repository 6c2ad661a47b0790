import { openDb, type Db } from '@/lib/db/sqlite';
import { exportTbx } from '@/lib/glossary/tbx';

export const dynamic = 'force-dynamic';

const g = globalThis as unknown as { tifaExportDb?: Db };

/** GET /api/export/tbx : the default list as TBX-Basic (TBX v3, DCA), streamed, entries linked back to this site. */
export async function GET(req: Request) {
  const db = (g.tifaExportDb ??= openDb({ readonly: true }));
  const chunks = exportTbx(db, { baseUrl: new URL(req.url).origin });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const { value, done } = chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    cancel() {
      chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'application/x-tbx+xml; charset=utf-8',
      'Content-Disposition': 'attachment; filename="tifa-glossary.tbx"',
      'Cache-Control': 'no-store',
    },
  });
}
