import { defineConfig } from 'prisma/config';

// Prisma 7 does not load .env files itself. DATABASE_URL is only needed by
// migrate/introspect commands; `prisma generate` works without it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/stackprobe',
  },
});
