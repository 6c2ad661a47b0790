export * from './schemas';
export * from './result';
export { createNote, updateNote, deleteNote, type SavedNote } from './notes';
export { updatePhraseFields, type SavedPhraseFields, type PhraseFields, type PhraseFieldsYours } from './phrase';
export { pinyinKeys } from './pinyin';
export { setPhraseStatus, mergePhrases, deletePromotedPhrase, type CuratedPhrase } from './curation';
export { updateDocumentMeta, type SavedDocumentMeta } from './document';
