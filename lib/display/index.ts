export * from './html';
export * from './show';
