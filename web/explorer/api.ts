/** A GraphQL call to the API this page is served by. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new Error(`HTTP ${String(res.status)}`);
  return body.data;
}

export interface NetworkNode {
  id: string;
  kind: string;
  label: string;
  pinyin: string;
  synthetic: boolean;
  depth: number;
  properties: Record<string, unknown>;
}

export interface NetworkEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  synthetic: boolean;
  properties: Record<string, unknown>;
}

export interface Network {
  truncated: boolean;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export interface SearchHit {
  score: number;
  matchedOn: string;
  entity: { id: string; kind: string; name: string; pinyin: string; synthetic: boolean };
}

export interface ChainNode {
  id: string;
  kind: string;
  name: string;
  pinyin: string;
  synthetic: boolean;
}

export interface Chain {
  nodes: ChainNode[];
  relationships: { id: string; type: string; source: string; target: string; synthetic: boolean }[];
}

export const NETWORK = `query Network($ids: [ID!]!, $depth: Int, $limit: Int) {
  network(ids: $ids, depth: $depth, limit: $limit) {
    truncated
    nodes { id kind label pinyin synthetic depth properties }
    edges { id source target type synthetic properties }
  }
}`;

export const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 15) { score matchedOn entity { id kind name pinyin synthetic } }
}`;

export const CHAINS = `query Chains($within: ID) {
  chains(preset: BRANCH_ENTERPRISE_BASE, within: $within, first: 100) {
    totalCount
    edges { node { nodes { id kind name pinyin synthetic } relationships { id type source target synthetic } } }
  }
}`;

export const PATHS = `query Paths($from: ID!, $to: ID!) {
  paths(from: $from, to: $to, maxHops: 6, first: 1) {
    length
    nodes { id kind name pinyin synthetic }
    relationships { id type source target synthetic }
  }
}`;

export const DETAILS = `query Details($id: ID!) {
  node(id: $id) {
    ... on Entity {
      id kind name pinyin nameEn synthetic source
      evidence { id text document { title publishedOn } }
    }
  }
}`;

export const TOWNSHIPS = `{ townships { id name } }`;
