export * from './html';
export * from './show';
export * from './render-png';
export * from './dashboard-html';
export * from './progress';
