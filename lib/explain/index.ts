export * from './linear-shap';
