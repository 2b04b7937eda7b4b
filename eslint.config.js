// Lint rules that catch what review misses: floating promises, unsafe any, impure runtime.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'ui/dist/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The engine's BPMN semantics stay pure: no database, network or clock inside runtime/.
    files: ['engine/src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['pg', '@grpc/*', 'node:*', '../store/*', '../gateway/*'] },
      ],
    },
  },
  {
    // The web UI builds its DOM from text nodes: markup from strings would let a resident's name
    // or an API message inject HTML.
    files: ['ui/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build elements with h() from ui/src/dom.ts.' },
        { property: 'outerHTML', message: 'Build elements with h() from ui/src/dom.ts.' },
        { property: 'insertAdjacentHTML', message: 'Build elements with h() from ui/src/dom.ts.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly' },
    },
  },
  {
    // The UI's build config and browser tests: Node's web globals, and callbacks run in the page.
    files: ['ui/**/*.mjs', 'tests/ui/**/*.mjs'],
    languageOptions: {
      globals: {
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        document: 'readonly',
        getComputedStyle: 'readonly',
      },
    },
  },
);
