import type { Clock } from './core/index.ts';

/**
 * The one reader of the real time. Entry points (npm start, the CLIs) hand it
 * to the composition root; everything else receives a `Clock` and never reads
 * the wall clock itself, so tests can stand at any instant.
 */
export const systemClock: Clock = () => new Date();
