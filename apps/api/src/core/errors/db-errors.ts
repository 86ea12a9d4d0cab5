/**
 * What a database (or Redis) error means for the caller, from the shapes the drivers really
 * throw: node-postgres (`DatabaseError` with a SQLSTATE `code`, socket errors with `errno`),
 * Prisma over its driver adapter (`PrismaClientKnownRequestError` with a P-code and
 * `meta.driverAdapterError.cause`), Prisma's initialization errors, and ioredis.
 *
 *  - a data error (SQLSTATE class 22, 54000 program limits) is the request's fault: 400;
 *  - a transient failure (connection refused, reset or closed, shutdown, too many connections,
 *    serialization failure or deadlock, pool or socket timeout) is the service's: 503 with
 *    Retry-After, and the client retries with the same idempotency key.
 * Used by the HTTP error filter, and by whoever must tell "down" from "refused" (auth, health).
 */

/** Seconds a client should wait before retrying after a transient failure. */
export const RETRY_AFTER_SECONDS = 2;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  column?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: { cause?: AdapterCause }; code?: unknown };
}

/** The `cause` of Prisma's DriverAdapterError (see @prisma/driver-adapter-utils' MappedError). */
interface AdapterCause {
  kind?: unknown;
  code?: unknown;
  originalCode?: unknown;
  column?: unknown;
  message?: unknown;
  originalMessage?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Node's socket error codes of a server that is down, restarting or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
]);

/** Prisma codes of an unreachable or overloaded database: can't reach, timed out, closed, tx API timeout, pool timeout, write conflict, too many connections. */
const PRISMA_TRANSIENT = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034', 'P2037']);
/** Prisma codes of a value the database refused: too long, invalid, out of range. */
const PRISMA_DATA = new Set(['P2000', 'P2007', 'P2020']);
/** Driver-adapter kinds of the same two families. */
const ADAPTER_TRANSIENT = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionWriteConflict',
]);
const ADAPTER_DATA = new Set(['LengthMismatch', 'ValueOutOfRange', 'InvalidInputValue']);

/** node-postgres and pg-pool messages of a lost or unobtainable connection (they carry no code). */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'Query read timeout',
];
/** ioredis: the connection is down, or the server is loading, read-only or failing over. */
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);
const REDIS_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'LOADING ',
  'READONLY ',
  'MASTERDOWN ',
  'CLUSTERDOWN ',
  'TRYAGAIN ',
  'None of startup nodes is available',
];

/** The error, its causes and the members of an AggregateError (node-postgres tries every address of a host), at most a few deep. */
function* chain(err: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 5 || err === null || typeof err !== 'object') return;
  const e = err as ErrorLike;
  yield e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
  if (e.cause !== undefined && e.cause !== err) yield* chain(e.cause, depth + 1);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The PostgreSQL SQLSTATE behind an error, wherever the driver put it. */
export function sqlStateOf(err: unknown): string | undefined {
  for (const e of chain(err)) {
    const adapter = e.meta?.driverAdapterError?.cause;
    // A Prisma error's own `code` is a P-code (P2010 looks like a SQLSTATE), a socket error's an errno name.
    const own = typeof e.errno === 'number' || str(e.name)?.startsWith('PrismaClient') ? undefined : str(e.code);
    for (const code of [str(adapter?.originalCode), str(adapter?.code), own]) {
      if (code && SQLSTATE.test(code)) return code;
    }
    // A DriverAdapterError met on its own (outside Prisma's wrapping).
    if (e.name === 'DriverAdapterError' && e.cause && typeof e.cause === 'object') {
      const c = e.cause as AdapterCause;
      const code = str(c.originalCode) ?? str(c.code);
      if (code && SQLSTATE.test(code)) return code;
    }
  }
  return undefined;
}

const isTransientState = (s: string) =>
  s.startsWith('08') || // connection exception
  s === '57P01' || // admin shutdown
  s === '57P02' || // crash shutdown
  s === '57P03' || // cannot connect now (starting up, recovering)
  s === '57P05' || // idle session timeout
  s === '57014' || // query canceled (statement timeout)
  s === '25P03' || // idle-in-transaction session timeout
  s === '53300' || // too many connections
  s === '53400' || // configuration limit exceeded
  s === '53100' || // disk full
  s === '53200' || // out of memory
  s === '40001' || // serialization failure
  s === '40P01' || // deadlock detected
  s === '55P03'; // lock not available

/** A value the database refused (class 22 data exception, 54000 a value beyond a program limit such as an index row). */
const isDataState = (s: string) => s.startsWith('22') || s === '54000';

/**
 * The database or Redis is unreachable, restarting, overloaded or asked us to retry: the
 * request did nothing wrong and may be sent again (503 with Retry-After, never 4xx or 500).
 */
export function isTransientDbError(err: unknown): boolean {
  const state = sqlStateOf(err);
  if (state) return isTransientState(state);
  for (const e of chain(err)) {
    const name = str(e.name) ?? '';
    const message = str(e.message) ?? '';
    const code = str(e.code);
    if (code && PRISMA_TRANSIENT.has(code)) return true;
    const kind = str(e.meta?.driverAdapterError?.cause?.kind);
    if (kind && ADAPTER_TRANSIENT.has(kind)) return true;
    if (name === 'PrismaClientInitializationError') return true;
    if (
      name === 'DriverAdapterError' &&
      e.cause &&
      typeof e.cause === 'object' &&
      ADAPTER_TRANSIENT.has(str((e.cause as AdapterCause).kind) ?? '')
    )
      return true;
    if (code && SOCKET_CODES.has(code)) return true;
    if (PG_CONNECTION_MESSAGES.some((m) => message.includes(m))) return true;
    if (REDIS_NAMES.has(name) || REDIS_MESSAGES.some((m) => message.includes(m))) return true;
  }
  return false;
}

export interface DbDataError {
  sqlState: string | undefined;
  /** The column PostgreSQL named, if any. */
  column: string | undefined;
  /** The value PostgreSQL quoted in its message (`invalid input syntax for type uuid: "x"`), if any. */
  quoted: string | undefined;
  message: string;
}

/** A value the database refused (so the request's fault, 400), or undefined for any other error. */
export function dbDataError(err: unknown): DbDataError | undefined {
  const state = sqlStateOf(err);
  for (const e of chain(err)) {
    const adapter = e.meta?.driverAdapterError?.cause;
    const code = str(e.code);
    const kind = str(adapter?.kind);
    const isData = state
      ? isDataState(state)
      : (code !== undefined && PRISMA_DATA.has(code)) || (kind !== undefined && ADAPTER_DATA.has(kind));
    if (!isData) continue;
    const message = str(adapter?.originalMessage) ?? str(adapter?.message) ?? str(e.message) ?? '';
    return {
      sqlState: state,
      column: str(adapter?.column) ?? str(e.column),
      // `invalid input syntax for type uuid: "x"`, `value "9e9" is out of range…`; not the encoding's name of 22021.
      quoted: message.includes('encoding') ? undefined : /"([^"]*)"/.exec(message)?.[1],
      message,
    };
  }
  return undefined;
}
