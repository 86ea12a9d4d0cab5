#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine, which cannot be downloaded offline.
// `prisma generate` only checks that PRISMA_SCHEMA_ENGINE_BINARY exists; anything
// that really needs the engine (migrate *, db push/pull) now fails loudly
// instead of hanging or silently printing nothing (as /bin/true would).
console.error(
  'schema-engine is not available offline. Apply migrations with `npm run migrate -w @learnweek/db`; ' +
    'create them with `npm run migration:new -w @learnweek/db -- <name>`.',
);
process.exit(1);
