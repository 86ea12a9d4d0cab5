export * from './participation.rules.js';
export * from './participation.machine.js';
export * from './participation.decide.js';
export * from './nomination.machine.js';
