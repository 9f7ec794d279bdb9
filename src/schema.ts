import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from './config.js';

/** The SDL of schema/*.graphql, in file-name order: the single source of the API's types. */
export function loadTypeDefs(dir = path.join(projectRoot, 'schema')): string {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}
