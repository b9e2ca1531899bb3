import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', 'coverage/', '.local/', 'test-output/', 'error-page/dist/'] },
  js.configs.recommended,
  // Type-aware: the strictest recommended set, with the types from tsconfig.json.
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A number in a message or a path (`${port}`, `${count} keys`) prints as expected; objects,
      // undefined and null still may not be interpolated.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => resolve()` and `(x) => console.log(x)` are plain callbacks; a void value is never used there.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Ports return promises; an adapter or fake that has nothing to wait for is still `async`, so that
      // it throws by rejecting like the real one, which `return Promise.resolve(...)` would not.
      '@typescript-eslint/require-await': 'off',
      'no-console': 'off',
    },
  },
  {
    // Tests read answers (JSON, logs, CLI output) and check them with expect: a missing value or a wrong
    // shape fails the test, which is the check wanted. `value!` and untyped JSON are fine there;
    // production code narrows instead. Hostile tokens are made by deleting claims by name.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      // afterAll closes what beforeAll may not have got to create (`let server: Server` may be unset).
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `readJson<T>(path)` names the shape a test expects of a file it reads.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  // Imports run one way: the function's code (lambdas/) stands alone; the stack (lib/) may read it; the
  // tools (CLI, local run, demo) and the bench may read both. Facts both sides need live in lambdas/core.
  {
    files: ['lambdas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(tools|lib|bin|bench|error-page|test)/',
              message: 'lambdas/ imports only lambdas/ and packages (shared facts belong in lambdas/core).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/**/*.ts', 'error-page/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(tools|bench|test)/',
              message: 'lib/ and error-page/ do not import the tools, the bench or the tests.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
