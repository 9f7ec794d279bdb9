import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { Neo4jGraphQL } from '@neo4j/graphql';
import express from 'express';
import type { Driver, Session } from 'neo4j-driver';

// The peer: the same graph served by the Neo4j GraphQL Library (@neo4j/graphql 7), which
// generates its schema from these type definitions and compiles each root field of an operation
// into one Cypher query. Only the six kinds and five relationships the benchmark's questions
// touch are declared; labels and relationship types are the stored ones (every entity also carries
// :Node:Entity, which the peer does not need: the kind label alone is unique to its kind).
export const PEER_TYPE_DEFS = /* GraphQL */ `
  type Township @node {
    id: ID!
    name: String!
    code: String
    villages: [Village!]! @relationship(type: "PART_OF", direction: IN)
  }

  type Village @node {
    id: ID!
    name: String!
    code: String
    collectiveIncome: Float
    township: Township @relationship(type: "PART_OF", direction: OUT)
    partyOrganization: PartyOrganization @relationship(type: "GOVERNS", direction: IN)
  }

  type PartyOrganization @node {
    id: ID!
    name: String!
    villages: [Village!]! @relationship(type: "GOVERNS", direction: OUT)
    cooperatives: [Cooperative!]! @relationship(type: "LEADS", direction: OUT)
    partners: [Enterprise!]! @relationship(type: "PARTNERS_WITH", direction: OUT)
  }

  type Cooperative @node {
    id: ID!
    name: String!
    bases: [Base!]! @relationship(type: "OPERATES", direction: OUT)
  }

  type Enterprise @node {
    id: ID!
    name: String!
    leading: Boolean
    bases: [Base!]! @relationship(type: "OPERATES", direction: OUT)
  }

  type Base @node {
    id: ID!
    name: String!
  }
`;

/** The installed @neo4j/graphql version, for the output (its package.json is not exported). */
export function peerVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@neo4j/graphql'));
  while (dir !== path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@neo4j/graphql') return pkg.version ?? '?';
    }
    dir = path.dirname(dir);
  }
  return '?';
}

interface PeerContext {
  executionContext: Driver;
  sessionConfig: { database: string };
  /** Cypher queries this operation sent, reported as `extensions.cypherRoundTrips` like the API does. */
  queries: { count: number };
}

/**
 * The driver as the library sees it, counting every transaction function it runs: the library
 * opens one session per root field and runs one query in one managed transaction there.
 */
function countingDriver(driver: Driver, queries: { count: number }): Driver {
  const counted = (session: Session): Session => {
    const executeRead = session.executeRead.bind<Session['executeRead']>(session);
    const executeWrite = session.executeWrite.bind<Session['executeWrite']>(session);
    session.executeRead = (work, config) =>
      executeRead((tx) => {
        queries.count += 1;
        return work(tx);
      }, config);
    session.executeWrite = (work, config) =>
      executeWrite((tx) => {
        queries.count += 1;
        return work(tx);
      }, config);
    return session;
  };
  // The library only opens sessions (and reads the driver's bookmark manager).
  return new Proxy(driver, {
    get(target, property) {
      if (property === 'session') return (config: Parameters<Driver['session']>[0]) => counted(target.session(config));
      return Reflect.get(target, property) as unknown;
    },
  });
}

const reportRoundTrips: ApolloServerPlugin<PeerContext> = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ contextValue, response }) {
        if (response.body.kind === 'single') {
          response.body.singleResult.extensions = { cypherRoundTrips: contextValue.queries.count };
        }
        return Promise.resolve();
      },
    });
  },
};

export interface RunningPeer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Serves the peer on a free loopback port with the API's own HTTP stack (Express 5, Apollo Server
 * 5, JSON body parser), so the comparison isolates what turns GraphQL into Cypher.
 */
export async function startPeer(driver: Driver, database: string): Promise<RunningPeer> {
  const schema = await new Neo4jGraphQL({ typeDefs: PEER_TYPE_DEFS, driver }).getSchema();
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<PeerContext>({
    schema,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 2_000 }), reportRoundTrips],
  });
  await apollo.start();
  app.disable('x-powered-by');
  app.use(
    '/graphql',
    express.json(),
    expressMiddleware(apollo, {
      context: () => {
        const queries = { count: 0 };
        return Promise.resolve({
          executionContext: countingDriver(driver, queries),
          sessionConfig: { database },
          queries,
        });
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}/graphql`, stop: () => apollo.stop() };
}
