export * from './schemas';
export * from './result';
export { createNote, updateNote, deleteNote, revertNote, restoreNote, type SavedNote } from './notes';
export { updatePhraseFields, revertPhraseFields, editableFields, revisionFields, type EditableFields, type SavedPhraseFields, type PhraseFields, type PhraseFieldsYours } from './phrase';
export { pinyinKeys } from './pinyin';
export { setPhraseStatus, mergePhrases, type CuratedPhrase } from './curation';
export { updateDocumentMeta, revertDocumentMeta, type SavedDocumentMeta } from './document';
