/** The swarm noun's public entry: the service of one engine's swarm and the `berth swarm` command. */
export { SwarmService } from './swarm-service.js';
export { SWARM_USAGE, swarmMain } from './swarm-cli.js';
