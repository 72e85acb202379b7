/** Kept so existing imports keep working: this part now lives in engine/images/archive.ts. */
export * from '../images/archive.js';
