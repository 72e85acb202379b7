/** The learn part of the contract, for the renderer: it lives in engine/learn/contract.ts. */
export * from '../learn/contract.js';
