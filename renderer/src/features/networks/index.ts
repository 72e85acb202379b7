// The networks feature's public surface: its page, and the network names the Run dialog offers (the rest is its own).
export { NetworksPage } from './NetworksPage';
export { selectUserNetworkNames, useNetworks, watchNetworks } from './networks-store';
