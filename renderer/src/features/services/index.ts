// The services feature's public surface: its page (the rest is its own).
export { ServicesPage } from './ServicesPage';
