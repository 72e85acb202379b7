/** Kept so existing imports keep working: this part now lives in engine/images/image-ref.ts. */
export * from '../images/image-ref.js';
