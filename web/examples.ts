/** The ready example operations (web/examples/*.graphql), opened as playground tabs. */
export interface Example {
  file: string;
  title: string;
  query: string;
}

const files = import.meta.glob<string>('./examples/*.graphql', { query: '?raw', import: 'default', eager: true });

export const examples: Example[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([file, query]) => ({ file, title: /^#\s*(.*)$/m.exec(query)?.[1] ?? file, query }));
