// The engines feature's public surface: its page, the window's engine switcher (in the sidebar), and the list's store (the Images page's Copy dialog reads it).
export { EnginesPage } from './EnginesPage';
export { EngineSwitcher } from './EngineSwitcher';
export { useEngines } from './engines-store';
