/**
 * Runs once when the server starts: loads the search index in the background
 * (segment by segment, between requests), so the first search does not pay for it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { preloadIndex } = await import('./lib/search/engine');
  try {
    preloadIndex();
  } catch {
    // No database yet: the first search will say how to ingest.
  }
}
