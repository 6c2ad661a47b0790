export * from './diff';
export * from './revisions';
