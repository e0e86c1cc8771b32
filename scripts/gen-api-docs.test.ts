import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderApiDocs } from './gen-api-docs';

it('docs/API.md is generated from the contracts and up to date', () => {
  const fresh = renderApiDocs();
  expect(fresh).toContain('### `member.submitApplication`');
  expect(fresh).toContain('提交入会申请');
  expect(readFileSync(join(__dirname, '..', 'docs', 'API.md'), 'utf8')).toBe(fresh); // run `npm run docs:api` after changing a contract
});
