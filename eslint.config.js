// Flat config: typescript-eslint's recommended rules, plus the two AQ rules the style guide names.
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'output/**', 'images/**', 'notebooks/*.ipynb', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'prefer-const': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['lib/**/*.ts'], rules: { 'no-console': 'error' } },
);
