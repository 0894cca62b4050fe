/** ecomlab: the public API. Re-exports only; each area owns its own index. */
export * from './errors';
export * from './behavior';
export * from './io';
export * from './generate';
export * from './mysql';
export * from './retail';
export * from './rfm';
export * from './ltv';
export * from './churn';
export * from './sample';
export * from './model';
export * from './explain';
export * from './charts';
export * from './display';
export * from './lifecycle';
export * from './query';
export * from './options';
