export * from './churn-features';
export * from './label';
export * from './score-bins';
