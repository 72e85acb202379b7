/** Kept so existing imports keep working: this part now lives in engine/terminal/contract.ts. */
export * from '../terminal/contract.js';
