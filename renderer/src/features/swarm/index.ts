// The swarm feature's public surface: its page.
export { SwarmPage } from './SwarmPage';
