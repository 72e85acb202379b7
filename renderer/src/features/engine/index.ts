// The engine feature's public surface: what other features may use (the rest is its own).
export { EnginePage, ModeSwitch, useUptime } from './EnginePage';
export { EngineStatusIndicator, toneOf } from './EngineStatusIndicator';
export { appendLines, useEngine, watchEngine } from './engine-store';
