// `npm run env:example`: writes .env.example at the repository's root from the configuration's schema
// (ZConfig, core/config/config.ts), so that the file lists exactly what the service reads and checks at
// start; config.spec.ts fails while the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envExample } from './core/config/config.js';

const file = fileURLToPath(new URL('../../../.env.example', import.meta.url));
writeFileSync(file, envExample());
console.log(`wrote ${file}`);
