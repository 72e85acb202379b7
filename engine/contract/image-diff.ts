/** Two images compared file by file, for the renderer. */
export * from '../layers/diff/contract.js';
