// ESLint (flat config): `npm run lint`, zero warnings allowed.
// typescript-eslint's recommended rules without type information (fast: no program is built), React's
// hook rules for the app in src/, and eslint-config-prettier last so that formatting is Prettier's alone.
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default defineConfig(
  // build output, caches, reports, local data (generated docs and cloudbaserc.json are not linted: no JS)
  globalIgnores(['**/node_modules/', 'dist/', 'build/', '.swc/', 'coverage/', 'test-results/', 'playwright-report/', '.data*/', 'e2e/screenshots/', 'tmp/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Node everywhere but the app: scripts, server, cloud functions, adapters, tests, configs
    files: ['**/*.{js,cjs,mjs,ts,mts,cts}'],
    ignores: ['src/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // tests and their helpers may reach into loosely typed values
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.spec.ts', '**/*.testkit.ts', 'server/testing.ts', 'scripts/bench-*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
