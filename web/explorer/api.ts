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

export const NETWORK = `query Network($ids: [ID!]!, $depth: Int, $limit: Int, $relations: [RelationType!], $asOf: String) {
  network(ids: $ids, depth: $depth, limit: $limit, relations: $relations, asOf: $asOf) {
    truncated
    nodes { id: entityId kind label pinyin synthetic depth properties }
    edges { id: relationshipId source target type synthetic properties }
  }
}`;

export const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 15) { score matchedOn entity { id kind name pinyin synthetic } }
}`;

export const CHAINS = `query Chains($within: ID, $sameVillage: Boolean, $after: String) {
  chains(preset: BRANCH_ENTERPRISE_BASE, within: $within, sameVillage: $sameVillage, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { nodes { id kind name pinyin synthetic } relationships { id type source target synthetic } } }
  }
}`;

export const PATHS = `query Paths($from: ID!, $to: ID!, $relations: [RelationType!]) {
  paths(from: $from, to: $to, maxHops: 6, relations: $relations, first: 5) {
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

/** The relationship types, in the order the explorer offers them. */
export const RELATIONS = [
  'PART_OF',
  'GOVERNS',
  'LEADS',
  'PARTNERS_WITH',
  'OPERATES',
  'LOCATED_IN',
  'HOLDS_POST',
  'STATIONED_IN',
  'CONTACTS',
  'MEMBER_OF',
  'COVERS',
  'PROMOTED',
  'IMPLEMENTS',
] as const;

export const SENTENCE = `query Sentence($id: ID!) {
  node(id: $id) { ... on Sentence { id text document { title publishedOn } } }
}`;

/** 一肩挑 of villages at a time, by the API's one rule (at most 100 ids a call). */
export const ONE_SHOULDER = `query OneShoulder($ids: [ID!]!, $asOf: String) {
  nodes(ids: $ids) { ... on Village { id oneShoulder(asOf: $asOf) oneShoulderSynthetic(asOf: $asOf) } }
}`;
