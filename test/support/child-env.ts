/**
 * The environment for a child process a test starts: only what it is given,
 * plus PATH and HOME, plus whatever moves the clock of the whole process tree
 * (Debian's faketime preloads a library and sets FAKETIME*), so a child sees
 * the same moved clock as the test that started it.
 *
 * @example spawn(process.execPath, args, { env: childEnv({ DATABASE_URL: url }) })
 */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const inherited: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && (name === 'LD_PRELOAD' || name.startsWith('FAKETIME') || name.startsWith('DONT_FAKE'))) inherited[name] = value;
  }
  return { ...inherited, ...env };
}
