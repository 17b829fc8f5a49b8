import { defineConfig } from 'drizzle-kit';

// Only used by `npm run db:generate`; the app applies the generated SQL itself.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/schema.ts',
  out: './drizzle',
});
