// The learn feature's public surface: its page and the docked walkthrough panel (the rest is its own).
export { LearnPage } from './LearnPage';
export { WalkthroughPanel } from './WalkthroughPanel';
