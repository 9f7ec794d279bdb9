import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', '.neo4j/', 'dist/', 'scratch/', 'test-output/'] },
  {
    // The TypeScript rules lint code only; GraphQL files get their own parser and rules below.
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
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
  {
    files: ['**/*.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: {
        graphQLConfig: { schema: 'schema/*.graphql', documents: 'web/examples/*.graphql' },
      },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
  },
  {
    files: ['schema/*.graphql'],
    // The schema follows Relay's cursor connections and global object identification; these rules
    // keep it so. The rules read one file at a time, so a Connection is declared in one piece.
    rules: {
      '@graphql-eslint/relay-connection-types': 'error',
      '@graphql-eslint/relay-edge-types': [
        'error',
        {
          // Short, complete lists stay plain lists (townships, groupBy groups, a network's nodes,
          // a path's steps): only the long, paged lists are connections.
          listTypeCanWrapOnlyEdgeType: false,
          // A chain (ChainEdge.node) is a walk computed by the query, not a stored object: it has
          // no id to refetch by, so it cannot be a Node. Every other edge's node is one.
          shouldImplementNode: false,
        },
      ],
      '@graphql-eslint/relay-page-info': 'error',
      '@graphql-eslint/relay-arguments': 'error',
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          exceptions: {
            // Values computed per query, with no identity of their own: a client cache keeps them
            // inside the object that holds them (Relay's pagination wrappers, aggregates, group-by
            // groups and yearly series).
            suffixes: [
              'Connection',
              'Edge',
              'Aggregate',
              'Numbers',
              'FlagCounts',
              'FlagShares',
              'DistinctCounts',
              'Group',
              'Year',
            ],
            // PageInfo is Relay's; search hits, paths, chains and network payloads are answers to
            // one query (their depth, score or order belong to it), which point at entities and
            // relationships by id instead of being ones.
            types: ['PageInfo', 'SearchHit', 'Path', 'Chain', 'Network', 'NetworkNode', 'NetworkEdge'],
          },
        },
      ],
      // Every type and field says what it is; the playground and the README show these texts.
      '@graphql-eslint/require-description': [
        'error',
        { types: true, FieldDefinition: true, DirectiveDefinition: true, rootField: true },
      ],
      '@graphql-eslint/no-unreachable-types': 'error',
    },
  },
  {
    files: ['web/examples/*.graphql'],
    rules: graphqlPlugin.configs['flat/operations-recommended'].rules,
  },
);
