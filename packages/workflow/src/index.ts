export * from './participation.rules.js';
export * from './workflow.js';
export * from './participation.machine.js';
export * from './participation.decide.js';
export * from './nomination.machine.js';
