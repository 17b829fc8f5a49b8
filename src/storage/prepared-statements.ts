import type postgres from 'postgres';

/**
 * A statement with more parameters than this runs unprepared. Those are the
 * multi-row batches (a VALUES list, an IN list) whose text changes with their
 * row count: postgres.js keeps a prepared statement for as long as its
 * connection lives, so each batch size would stay in every connection.
 */
export const MAX_PREPARED_PARAMETERS = 64;

type Unsafe = (query: string, parameters?: unknown[], options?: { prepare?: boolean }) => unknown;
type WithConnection = (...args: unknown[]) => unknown;

/**
 * The postgres.js client for drizzle, with every statement prepared.
 *
 * Why: drizzle asks postgres.js for an unnamed statement on every query not
 * given a name with `.prepare(name)`, and postgres.js describes an unnamed
 * statement that has parameters before running it: two round trips, two
 * socket writes and a fresh parse and plan on the server for every query. A
 * prepared statement is cached per connection by its text, so from its
 * second run a query is one round trip (the Telegram benchmark's Postgres
 * writes per /sign update went from 16 to 9). drizzle has no switch for this,
 * so the client it is given passes postgres.js's own `prepare` option, in
 * transactions too (`begin` and `savepoint` hand their callback a client of
 * their own).
 *
 * Behind a connection pooler in transaction mode, prepared statements need
 * PgBouncer 1.21 or later with `max_prepared_statements` set (see README).
 *
 * @example const db = drizzle(preparingEveryStatement(postgres(url)))
 */
export function preparingEveryStatement<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'unsafe') {
        const unsafe = value as Unsafe;
        return (query: string, parameters: unknown[] = [], options: { prepare?: boolean } = {}) =>
          unsafe.call(target, query, parameters, { ...options, prepare: parameters.length <= MAX_PREPARED_PARAMETERS });
      }
      if (property === 'begin' || property === 'savepoint') {
        const withConnection = value as WithConnection;
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return withConnection.call(target, ...args, (tx: postgres.TransactionSql) => work(preparingEveryStatement(tx)));
        };
      }
      return value;
    },
  });
}
