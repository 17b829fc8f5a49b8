/**
 * What every staff command line shares: the same configuration and app as
 * `npm start`, refusals printed as their English message with exit code 1,
 * a configuration error in one line, and the app closed on every path.
 */
import { createApp, type App } from '../app.ts';
import { systemClock } from '../clock.ts';
import { ConfigError, getConfig, type Config } from '../config.ts';
import { DomainError } from '../core/index.ts';

/**
 * Runs `work` with the configured app; a refusal (DomainError) prints its message and returns 1.
 *
 * @example return withApp(async (app) => { await app.core.list.saveImport(report, 'cli'); return 0; })
 */
export async function withApp(work: (app: App, config: Config) => Promise<number>): Promise<number> {
  const config = getConfig(process.env);
  const app = await createApp(config, { clock: systemClock });
  try {
    return await work(app, config);
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${app.core.t('en', `errors:${error.code}`, error.params)}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

/**
 * Exits with `main`'s code; anything thrown becomes one line on stderr and exit code 1.
 *
 * @example runCli(main, 'Import failed')
 */
export function runCli(main: () => Promise<number>, failure = 'Failed'): void {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `${failure}: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
