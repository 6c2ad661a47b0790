/**
 * Runs once when the server starts: loads the search index in the background,
 * so the first search does not pay for it (about a second on the whole corpus).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { currentIndex } = await import('./lib/search/engine');
  setTimeout(() => {
    try {
      currentIndex();
    } catch {
      // No database yet: the first search will say how to ingest.
    }
  }, 0);
}
