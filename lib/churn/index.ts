export * from './churn-features';
