// The registries feature's public surface: its page (the rest is its own).
export { RegistriesPage } from './RegistriesPage';
