import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The body's length as the client declared it (Content-Length); 0 when it did not. */
export function declaredLength(req: { headers: IncomingHttpHeaders }): number {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The media type of the body (Content-Type without its parameters), lower-cased; '' when there is none. */
export function mediaTypeOf(req: { headers: IncomingHttpHeaders }): string {
  return (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * Reads a request body into memory, at most `max` bytes; null as soon as it is longer, without
 * keeping the rest: what is still coming is read off the wire and dropped, so the connection can
 * carry the refusal and the next request. `req` is Node's request (Fastify's `request.raw`): upload
 * routes have no body parser, their body is read here, after the guards.
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (result: Buffer | null, err?: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (err) reject(err);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= max) return void chunks.push(chunk);
      chunks.length = 0;
      done(null);
      req.resume();
    };
    const onEnd = () => done(Buffer.concat(chunks, length));
    const onError = (err: Error) => done(null, err);
    const onClose = () => done(null, new Error('the client closed the connection before the body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
