/** The stacks noun's public entry: the service the backend wires per engine, and the `berth stack` command. */
export { StacksService } from './stacks.js';
