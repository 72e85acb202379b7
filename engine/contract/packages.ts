/** The packages part of the layer browser's contract, for the renderer. */
export * from '../layers/packages/contract.js';
