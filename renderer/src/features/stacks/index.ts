// The stacks feature's public surface: its section of the Services page (the rest is its own).
export { StacksSection } from './StacksSection';
