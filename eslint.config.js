import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', '.neo4j/', 'dist/', 'scratch/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-only imports vanish at runtime, which keeps import cycles through types harmless.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // An unawaited promise hides a failed database call; make each one deliberate (`void`).
      '@typescript-eslint/no-floating-promises': 'error',
      // Template literals with numbers are everywhere in messages; String() on each is noise.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // \`() => child.kill()\` style callbacks read better than braces around a single call.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // neo4j-driver declares its option bags as classes but documents plain objects for them.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
