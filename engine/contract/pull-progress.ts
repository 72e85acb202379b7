/** Kept so existing imports keep working: this part now lives in engine/images/pull-progress.ts. */
export * from '../images/pull-progress.js';
