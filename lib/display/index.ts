export * from './html';
export * from './show';
export * from './render-png';
