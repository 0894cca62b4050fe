/** Retail (UCI Online Retail) loading, cleaning and generation, plus the shared retail/RFM/LTV types. */
export * from './types';
