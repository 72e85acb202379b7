/** Kept so existing imports keep working: this part now lives in engine/registries/registry-server.ts. */
export * from '../registries/registry-server.js';
