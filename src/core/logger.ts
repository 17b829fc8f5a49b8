/**
 * What the core and adapters need of a logger (pino's shape). Log lines carry
 * counts, ids of broadcasts and error kinds; never names, platform ids or texts.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
