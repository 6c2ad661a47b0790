/**
 * The default list: the phrases a glossary export (TBX) holds. Until phrases
 * carry a curation status, it is every numbered formula found in quotation
 * marks, the slogans quoted at least twice, and every phrase an editor gave a
 * translation or a definition. The one place to switch to a curated status.
 */
export const DEFAULT_LIST_WHERE = `((p.kind = 'formula' AND p.quotedCount >= 1) OR (p.kind = 'slogan' AND p.quotedCount >= 2) OR p.translation IS NOT NULL OR p.definition IS NOT NULL)`;
