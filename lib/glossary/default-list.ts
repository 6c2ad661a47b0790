/**
 * The default list: the phrases a glossary export (TBX) holds. Until phrases
 * carry a curation status, it is the numbered formulas and slogans quoted in
 * at least twice (quotedCount ≥ 2), plus every phrase
 * an editor gave a translation or a definition. The one place to switch to a
 * curated status.
 */
export const DEFAULT_LIST_WHERE = `((p.kind IN ('formula', 'slogan') AND p.quotedCount >= 2) OR p.translation IS NOT NULL OR p.definition IS NOT NULL)`;
