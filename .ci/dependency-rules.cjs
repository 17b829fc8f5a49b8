/** Dependencies point inward: the core knows no platform, adapters know no storage and not each other. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-platform-free',
      comment: 'src/core holds use-cases and ports: no platform, database or scheduler library.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/storage/', '^adapters/', 'node_modules/(grammy|@grammyjs|discord\\.js|@discordjs|@slack|drizzle-orm|postgres|@electric-sql|node-cron|pino)'] },
    },
    {
      name: 'src-knows-no-adapter',
      comment: 'Only the entry point wires adapters in.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^adapters/' },
    },
    {
      name: 'src-knows-no-platform-library',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: 'node_modules/(grammy|@grammyjs|discord\\.js|@discordjs|@slack)' },
    },
    {
      name: 'adapters-do-not-touch-storage',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/(storage|app\\.ts)' },
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
