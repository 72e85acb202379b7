/** The networks' pure rules (zod-free), for the renderer: subnets, gateways, names, what a prune removes. */
export * from '../networks/network-rules.js';
