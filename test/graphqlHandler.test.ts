import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { graphqlHandler, takesGraphQL } from '../src/http/graphql.js';

describe('takesGraphQL: which requests skip Express', () => {
  const request = (method: string, url: string) => ({ method, url }) as http.IncomingMessage;
  it.each([
    ['POST', '/graphql', true],
    ['POST', '/graphql?x=1', true],
    ['PUT', '/graphql', true],
    ['GET', '/graphql?query=%7B%20__typename%20%7D', true],
    ['GET', '/graphql?operationName=A&query=', true],
    ['HEAD', '/graphql?query={a}', true],
    // May be a browser asking for the playground: Express negotiates.
    ['GET', '/graphql', false],
    ['GET', '/graphql?', false],
    ['GET', '/graphql?variables=%7B%7D', false],
    ['HEAD', '/graphql', false],
    // Express's routing (trailing slash, case, sub-paths) or another route.
    ['POST', '/graphql/', false],
    ['POST', '/GraphQL', false],
    ['POST', '/graphqlx', false],
    ['GET', '/health', false],
    ['GET', '/playground', false],
  ])('%s %s → %s', (method, url, expected) => {
    expect(takesGraphQL(request(method, url))).toBe(expected);
  });
});

describe('graphqlHandler with a streamed (chunked) answer from Apollo', () => {
  let server: http.Server;
  let url: string;
  let seen: HTTPGraphQLRequest | undefined;
  beforeAll(async () => {
    async function* parts(): AsyncGenerator<string> {
      yield '\r\n---\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{"data":{"a":1},"hasNext":true}';
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield '\r\n---\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{"hasNext":false}\r\n-----\r\n';
    }
    const apollo = {
      assertStarted: () => undefined,
      executeHTTPGraphQLRequest: ({ httpGraphQLRequest }: { httpGraphQLRequest: HTTPGraphQLRequest }) => {
        seen = httpGraphQLRequest;
        return Promise.resolve({
          status: 200,
          headers: new HeaderMap([['content-type', 'multipart/mixed; boundary="-"; deferSpec=20220824']]),
          body: { kind: 'chunked', asyncIterator: parts() },
        });
      },
    } as unknown as ApolloServer;
    server = http.createServer(graphqlHandler({ apollo, maxBodyBytes: 1024, context: () => Promise.resolve({}) }));
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes method, headers, search and parsed body to Apollo and writes every chunk', async () => {
    const res = await fetch(`${url}?a=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
      body: JSON.stringify({ query: '{ a }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const text = await res.text();
    expect(text).toContain('{"data":{"a":1},"hasNext":true}');
    expect(text.endsWith('{"hasNext":false}\r\n-----\r\n')).toBe(true);
    expect(seen?.method).toBe('POST');
    expect(seen?.search).toBe('?a=1');
    expect(seen?.body).toEqual({ query: '{ a }' });
    expect(seen?.headers.get('x-custom')).toBe('yes');
  });
});
