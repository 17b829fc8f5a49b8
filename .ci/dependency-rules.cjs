/**
 * Dependencies point inward, checked by reachability where a direct edge is
 * not enough (a forbidden module reached through a permitted one is still
 * reached):
 *
 *   core  <-  chat, delivery, server, i18n, campaign  <-  app.ts  <-  main.ts, cli/
 *   adapters -> the public entry points (src/core/index.ts, src/chat/index.ts, src/platform.ts) only
 *
 * test/architecture/dependency-rules.test.ts plants one import of each
 * forbidden kind and checks that every rule below catches it.
 */
const PLATFORM_LIBRARIES = 'node_modules/(grammy|@grammyjs|discord\\.js|@discordjs|discord-api-types|@slack)/';
const INFRASTRUCTURE_LIBRARIES =
  'node_modules/(drizzle-orm|postgres|@electric-sql|node-cron|pino|i18next|prom-client|pdfkit|fontkit|yazl|archiver|playwright-core)/';
/** Node built-ins that reach the outside world (files, network, processes); the core may only compute. */
const IO_BUILTINS = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|cluster|tls|dns|readline)$';
const ENTRY_POINTS = '^src/(core/index|chat/index|platform)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'core-reaches-only-core',
      comment: 'src/core holds use-cases and ports: it reaches nothing of the app outside itself.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src|adapters)/', pathNot: '^src/core/', reachable: true },
    },
    {
      name: 'core-uses-pure-libraries',
      comment: 'No platform, database, scheduler, logging or i18n library in the core; pure libraries (luxon, zod, csv) are fine.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: [PLATFORM_LIBRARIES, INFRASTRUCTURE_LIBRARIES] },
    },
    {
      name: 'core-does-no-io',
      comment: 'The core computes; files, sockets and processes are the outer layers\u2019 business.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'chat-delivery-server-never-reach-storage',
      comment: 'The chat layer, the delivery runtime and the HTTP routes get ports, never the database.',
      severity: 'error',
      from: { path: '^src/(chat|delivery|server|i18n|campaign)/' },
      to: { path: ['^src/storage/', '^src/app\\.ts$', 'node_modules/(drizzle-orm|postgres|@electric-sql)/'], reachable: true },
    },
    {
      name: 'chat-knows-no-platform',
      comment: 'The chat layer is platform-neutral: it never reaches a platform library or an adapter.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main|cli/[^/]+)\\.ts$' },
      to: { path: [PLATFORM_LIBRARIES, '^adapters/'], reachable: true },
    },
    {
      name: 'src-knows-no-adapter',
      comment: 'Only the entry points (npm start, the CLIs) wire adapters in.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main|cli/[^/]+)\\.ts$' },
      to: { path: '^adapters/' },
    },
    {
      name: 'adapters-use-entry-points-only',
      comment: 'An adapter imports the core, the chat layer and the platform contract through their public entry points.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: ENTRY_POINTS },
    },
    {
      name: 'adapters-do-not-import-each-other',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'web-uses-the-core-not-storage',
      comment: 'The public page reads figures and THE LIST through the core services, never the database.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: ['^src/storage/', '^src/app\\.ts$', 'node_modules/(drizzle-orm|postgres|@electric-sql)'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(test|bench)/' },
  },
};
