/** The stacks noun's public entry: the service the backend wires per engine, and the `berth stack` command. */
export { StacksService } from './stacks.js';
export { STACK_USAGE, stackMain } from './stacks-cli.js';
