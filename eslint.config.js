// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/**
 * An import of the local platform, by alias or path. A regex, not a `group`: groups use
 * gitignore syntax, where a leading `#` starts a comment, so `#local-infra/*` matched nothing.
 */
const LOCAL_INFRA_IMPORT = '^#local-infra/|(^|/)local-infra/';

/** Client libraries that only `shared/` adapters may import (boundaries by tool). */
const CLIENT_LIBRARIES = ['/postgres', '/ioredis', '/kafkajs', '@aws-sdk/*', '@upstash/*', '/prom-client'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.wrangler/', '.state/', 'load/reports/', 'worker-configuration.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // No import cycles: a module must be evaluable before anything that imports it (type-only
    // imports are erased and not counted; a dynamic import that closes a cycle is).
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver()],
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // k6 scripts run in k6's JavaScript runtime, not Node: its globals, no Node ones.
    files: ['load/scenarios/**/*.js', 'load/bench/k6/**/*.js'],
    languageOptions: { globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly', open: 'readonly', console: 'readonly' } },
  },
  {
    // Functions are runtime-agnostic: no client libraries, no Node built-ins, no local platform code.
    files: ['functions/**/*.ts'],
    ignores: ['functions/**/*.test.ts', 'functions/**/*.node.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: CLIENT_LIBRARIES, message: 'Functions reach dependencies through ports in shared/, never client libraries.' },
            { group: ['node:*'], message: 'Functions run on workerd too: no Node built-ins (runtime code lives in shared/runtime).' },
            { regex: LOCAL_INFRA_IMPORT, message: 'Functions never import the local platform.' },
          ],
        },
      ],
    },
  },
  {
    // Shared library code outside adapters and the Node runtime uses Web-standard APIs only.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/**/*.node.ts', 'shared/runtime/node/**', 'shared/**/adapters/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'Shared code runs on workerd too: Node built-ins belong in shared/runtime/node or a *.node.ts adapter.',
            },
            { regex: LOCAL_INFRA_IMPORT, message: 'shared/ never depends on the local platform.' },
            { group: CLIENT_LIBRARIES, message: 'Client libraries belong in an adapter (shared/**/adapters/).' },
          ],
        },
      ],
    },
  },
  {
    // Dependencies run local-infra -> functions -> shared, Node entries included: a function's
    // Node entry and the Node runtime may use Node built-ins, never the local platform.
    files: ['functions/**/*.node.ts', 'shared/**/*.node.ts', 'shared/runtime/node/**/*.ts', 'shared/**/adapters/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: LOCAL_INFRA_IMPORT,
              message: 'Dependencies run local-infra -> functions -> shared: the local platform is never imported from here.',
            },
          ],
        },
      ],
    },
  },
);
