// Lint rules for the whole workspace: typescript-eslint's recommended set, Prettier owns layout,
// and Nx's module boundaries: a project imports another only through its `@riskline/…` alias,
// and only downwards — contracts ← core ← domain; contracts, core ← runtime; apps on top; tools
// over everything. Apps are imported by nobody except integration tests starting a service
// in-process through `@riskline/app/<name>`.
import nx from '@nx/eslint-plugin';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.nx/**', '.riskline/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Decorator metadata makes constructor and @Body() parameter types runtime values (Nest DI,
    // ValidationPipe): the parser must know, or consistent-type-imports would break them.
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:contracts', 'type:core'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:core', 'type:domain'],
            },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:core', 'type:runtime'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:core', 'type:domain', 'type:runtime'],
            },
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:core',
                'type:domain',
                'type:runtime',
                'type:app',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    // An integration test may start a real service in its own process.
    files: ['**/*.int.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@riskline/app/*'],
          depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['*'] }],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bin/**', 'tools/**', '**/bench/**', '**/*.config.js', 'jest.preset.js'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
