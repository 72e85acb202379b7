/**
 * The registries noun's public entry: the stored logins as pulls and pushes use them, and the sentence
 * for a registry that turned a pull or push away. Other nouns import this file or registries/contract.ts.
 */
export { explainDenied, type RegistryAuthSource } from './registries.js';
