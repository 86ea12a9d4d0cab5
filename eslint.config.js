// Type-aware lint that catches real bugs (CONTRIBUTING.md, conventions). Vue SFCs are type-checked by vue-tsc.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', 'tools/**', '**/*.vue', '.data/**', 'e2e/artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['packages/db/prisma.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Off: through the workspace's built .d.ts it misreads Prisma's JSON input types and
      // xstate's snapshot types, and its --fix removed casts that tsc needs.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Nest's decorators take classes that are used only as types at compile time.
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/packages/*', '../../packages/*', '**/apps/*/src/*'], message: 'Import other packages by name (@learnweek/…), not by path.' }] }],
    },
  },
  {
    // No import cycles: a cycle is how contracts and modules start depending on each other's load order.
    plugins: { 'import-x': importX },
    settings: {
      // Sources import one another with the `.js` of their build (NodeNext); the resolver finds the `.ts`.
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      // Dependencies and our packages' builds are not followed: a cycle is looked for in our sources.
      'import-x/ignore': ['node_modules', '/dist/'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // HTTP answers in tests are untyped JSON (supertest's `body: any`); the expectations check them.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Browser tests and benchmarks start the API from its source, as the integration tests do.
    files: ['e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', performance: 'readonly', global: 'readonly' } },
  },
);
