/** Writes docs/AUTHORIZATION.md from the authorization matrix (the test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMatrix } from '../cloudfunctions/authorization.matrix';

const file = join(__dirname, '..', 'docs', 'AUTHORIZATION.md');
writeFileSync(file, renderMatrix());
console.log(`wrote ${file}`);
