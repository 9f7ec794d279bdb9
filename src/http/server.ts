import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

import { createContext } from '../context.js';
import type { Database } from '../db/database.js';
import { createApollo } from './apollo.js';
import { mountWeb } from './web.js';

export interface ServerOptions {
  db: Database;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, then resolves. */
  stop(): Promise<void>;
}

/** Raised when the HTTP port is taken; its message is meant for the user. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** Serves GraphQL at /graphql plus /health (liveness and database state) and /ready. */
export async function startServer({ db, host, port }: ServerOptions): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = createApollo(httpServer);
  await apollo.start();

  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const up = await db.ping();
    res.json({ status: 'ok', database: up ? 'up' : 'down' });
  });
  app.get('/ready', async (_req, res) => {
    const up = await db.ping();
    res.status(up ? 200 : 503).json({ ready: up, database: up ? 'up' : 'down' });
  });
  mountWeb(app);
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: () => Promise.resolve(createContext(db)) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Port ${String(port)} on ${host} is already in use. Set PORT to a free port (e.g. PORT=4001 npm start).`,
            )
          : err,
      );
    });
    httpServer.listen({ host, port }, resolve);
  });
  const actual = (httpServer.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${String(actual)}/graphql`,
    port: actual,
    stop: () => apollo.stop(),
  };
}
