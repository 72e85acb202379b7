// The engines feature's public surface: its page, and the window's engine switcher (in the sidebar).
export { EnginesPage } from './EnginesPage';
export { EngineSwitcher } from './EngineSwitcher';
