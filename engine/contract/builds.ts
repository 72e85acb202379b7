/** Kept so existing imports keep working: this part now lives in engine/builds/contract.ts. */
export * from '../builds/contract.js';
