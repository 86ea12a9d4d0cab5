import type { FastifyInstance } from 'fastify';

export interface TDrain {
  /** Stops taking connections and resolves once every request in flight has been answered (or abandoned). */
  drain(): Promise<void>;
}

/**
 * The requests in flight, for a stop that answers them before anything closes: Nest's close() runs
 * the modules' destroy hooks (the database pool ends) before it closes the HTTP server. Counted from
 * Fastify's first hook to the end of the raw response ('close' comes once, sent or abandoned);
 * socket.io's requests are answered before Fastify sees them and are not waited for.
 */
export function trackInFlight(fastify: FastifyInstance): TDrain {
  let inFlight = 0;
  let idle: (() => void) | undefined;
  fastify.addHook('onRequest', (_request, reply, done) => {
    inFlight++;
    reply.raw.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    done();
  });
  return {
    async drain() {
      fastify.server.close();
      fastify.server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    },
  };
}
