/** Kept so existing imports keep working: this part now lives in engine/containers/run-spec.ts. */
export * from '../containers/run-spec.js';
