/** Kept so existing imports keep working: this part now lives in engine/terminal/terminal-model.ts. */
export * from '../terminal/terminal-model.js';
