// Type-aware lint that catches real bugs (CONTRIBUTING.md, conventions), in .ts files and in the
// <script lang="ts"> of Vue SFCs alike; vue-tsc type-checks the SFC templates.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', 'tools/prisma-offline/**', '.data/**', 'e2e/artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...pluginVue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['packages/db/prisma.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
        // The same list for every file: typescript-eslint reconfigures its project service whenever
        // the list changes from one file to the next. The apps' tsconfigs include src/**/*.vue.
        extraFileExtensions: ['.vue'],
      },
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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/packages/*', '../../packages/*', '**/apps/*/src/*'],
              message: 'Import other packages by name (@learnweek/…), not by path.',
            },
          ],
        },
      ],
    },
  },
  {
    // An SFC is split by vue-eslint-parser; its <script lang="ts"> goes to typescript-eslint's parser
    // with the type information of the app's tsconfig (the options above), the template to the Vue rules.
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
    // What typescript-eslint turns off for .ts files because the compiler checks it (no-undef above
    // all: `window` and `fetch` are known to TypeScript through the DOM lib, not to ESLint).
    rules: tseslint.configs.eslintRecommended.rules,
  },
  {
    // An entry file mounts one of several root apps (the wall, the check-in page, a message); those
    // createApp() calls are alternatives, not components sharing a file.
    files: ['apps/*/src/main.ts'],
    rules: { 'vue/one-component-per-file': 'off' },
  },
  {
    // A page is views/<area>/<page>/index.vue and is mounted by a lazy route (CONTRIBUTING.md), never
    // written as a tag, so its name cannot clash with an HTML element (what the rule guards against).
    files: ['apps/*/src/views/**/index.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
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
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        global: 'readonly',
      },
    },
  },
  // Layout is Prettier's (`npm run format`, checked by `npm run lint`): the layout rules of ESLint and
  // eslint-plugin-vue that would disagree with it are off. Last, so that it wins.
  eslintConfigPrettier,
);
