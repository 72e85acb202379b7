/** Kept so existing imports keep working: this part now lives in engine/layers/contract.ts. */
export * from '../layers/contract.js';
