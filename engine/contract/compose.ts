/** The renderer's way to the Compose part of the contract (engine/compose/contract.ts). */
export * from '../compose/contract.js';
