// Configuration, loaded once: defaults, then an optional JSON file (XINYONG_CONFIG), then
// XINYONG_* environment variables and DATABASE_URL, then explicit overrides (CLI flags, tests).
// Nothing else in the code reads process.env.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeSecretsFile } from './secrets-file.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface Config {
  /** PGlite data directory (also holds generated secrets and demo credentials). */
  dataDir: string;
  /** PostgreSQL URL; when set, the server store is used instead of PGlite. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  policyDir: string;
  /** HMAC secret for identity numbers. Generated into the data directory for PGlite when unset. */
  idHashSecret: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted (bytes); NDJSON batches are bounded by it. */
  bodyLimit: number;
  /** PostgreSQL pool size. */
  poolSize: number;
  /** PGlite only: run the store on a thread of its own (true), or on the event loop's (false, the default). */
  pgliteThread: boolean;
  /** Minutes between scheduler runs inside serve (0: only at start). */
  tickMinutes: number;
  /**
   * Seconds of the scheduler's lease: among the servers sharing a store, the one holding it runs
   * the scheduler and renews it every third of it; when its holder stops renewing, another
   * server takes it over after at most this and a third.
   */
  schedulerLeaseSeconds: number;
  /** Ed25519 private key (PKCS8 PEM or JWK) that signs credit reports. Generated into the data directory for PGlite when unset. */
  reportSigningKey: string | undefined;
  /** Earlier signing keys that still verify what they signed: JSON [{"publicKeyPem", "retiredAt"}]. */
  reportRetiredKeys: string | undefined;
  /** Reports issued and PDFs rendered per minute per client (agency, account or address); 0: no limit. */
  reportsPerMinute: number;
  /** Bulk exports (files, manifests, deltas) each client may ask for per minute; 0 turns the limit off. */
  exportsPerMinute: number;
  /** Webhook endpoints may be on loopback, private or link-local addresses, and plain http (a receiver on the platform's own network). */
  webhookAllowPrivate: boolean;
  /** Reads of the transparency log (checkpoints, entries, proofs) per minute per client address; 0: no limit. */
  logRequestsPerMinute: number;
  /**
   * Failed logins one client (an IPv4 address, an IPv6 /64) may make per login window, over all
   * accounts and every server process on the store (429 rate-limited beyond); 0: no limit. Kept
   * well below loginFailuresToLock, so that a stranger cannot lock the owner out of an account alone.
   */
  loginAttemptsPerClient: number;
  /**
   * Failed logins on one account within a login window, from any number of clients, that lock
   * the account for a login window: the defence against guessing spread over many addresses.
   */
  loginFailuresToLock: number;
  /** The login window, in minutes: failures are counted over it, a lock lasts it, a client's budget is spent over it. */
  loginWindowMinutes: number;
  /**
   * Seconds a credit check waits for the check log to commit it before it is refused (503
   * store-unavailable): a check is answered only once it is logged, and a store that stops
   * answering must not hang the checks.
   */
  checkWaitSeconds: number;
  /**
   * Seconds between the ledger followers' polls (the check index, the evaluations): they learn of
   * every append at once by notification, and poll as the fallback for a notification lost.
   */
  followPollSeconds: number;
  /** Subject logs of a store created now (a store keeps the number it was created with). */
  ledgerLogs: number;
  /**
   * The ledger's name in its signed checkpoints: their first line, and the key name of the note
   * signature (the report signing key). A C2SP key name: no spaces, no plus.
   */
  logOrigin: string;
  /** Witnesses whose cosignatures of checkpoints the platform keeps and serves: C2SP verifier keys of cosignature/v1 (type 0x04) keys. */
  logWitnesses: string[];
  /**
   * Behind a reverse proxy that terminates TLS: trust its X-Forwarded-For/-Proto, so cookies are
   * marked Secure and rate limits count the real client address. Never set without such a proxy.
   */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function int(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const config: Config = {
    dataDir: resolve('data'),
    databaseUrl: undefined,
    host: '127.0.0.1',
    port: 8080,
    policyDir: join(REPO_ROOT, 'policy', 'cn-national'),
    idHashSecret: undefined,
    logLevel: 'info',
    bodyLimit: 64 * 1024 * 1024,
    poolSize: 10,
    pgliteThread: false,
    tickMinutes: 60,
    schedulerLeaseSeconds: 30,
    reportSigningKey: undefined,
    reportRetiredKeys: undefined,
    reportsPerMinute: 60,
    exportsPerMinute: 30,
    webhookAllowPrivate: false,
    logRequestsPerMinute: 600,
    loginAttemptsPerClient: 10,
    loginFailuresToLock: 50,
    loginWindowMinutes: 15,
    checkWaitSeconds: 10,
    followPollSeconds: 1,
    ledgerLogs: 16,
    logOrigin: 'xinyong.local/ledger',
    logWitnesses: [],
    trustProxy: false,
  };
  const file = env.XINYONG_CONFIG;
  if (file) {
    if (!existsSync(file)) throw new ConfigError(`XINYONG_CONFIG names ${file}, which does not exist`);
    let fromFile: Partial<Config>;
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Partial<Config>;
    } catch (err) {
      throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    for (const k of Object.keys(fromFile)) if (!(k in config)) throw new ConfigError(`${file}: unknown setting '${k}'`);
    Object.assign(config, fromFile);
  }
  if (env.XINYONG_DATA_DIR) config.dataDir = env.XINYONG_DATA_DIR;
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.XINYONG_DATABASE_URL) config.databaseUrl = env.XINYONG_DATABASE_URL;
  if (env.XINYONG_HOST) config.host = env.XINYONG_HOST;
  if (env.XINYONG_PORT) config.port = int('XINYONG_PORT', env.XINYONG_PORT, 0, 65535);
  if (env.XINYONG_POLICY_DIR) config.policyDir = env.XINYONG_POLICY_DIR;
  if (env.XINYONG_ID_HASH_SECRET) config.idHashSecret = env.XINYONG_ID_HASH_SECRET;
  if (env.XINYONG_LOG_LEVEL) config.logLevel = env.XINYONG_LOG_LEVEL as Config['logLevel'];
  if (env.XINYONG_BODY_LIMIT) config.bodyLimit = int('XINYONG_BODY_LIMIT', env.XINYONG_BODY_LIMIT, 1024, 2 ** 31);
  if (env.XINYONG_TICK_MINUTES) config.tickMinutes = int('XINYONG_TICK_MINUTES', env.XINYONG_TICK_MINUTES, 0, 24 * 60);
  if (env.XINYONG_SCHEDULER_LEASE_SECONDS) config.schedulerLeaseSeconds = int('XINYONG_SCHEDULER_LEASE_SECONDS', env.XINYONG_SCHEDULER_LEASE_SECONDS, 1, 3600);
  if (env.XINYONG_REPORT_SIGNING_KEY) config.reportSigningKey = env.XINYONG_REPORT_SIGNING_KEY;
  if (env.XINYONG_REPORT_RETIRED_KEYS) config.reportRetiredKeys = env.XINYONG_REPORT_RETIRED_KEYS;
  if (env.XINYONG_REPORTS_PER_MINUTE) config.reportsPerMinute = int('XINYONG_REPORTS_PER_MINUTE', env.XINYONG_REPORTS_PER_MINUTE, 0, 1_000_000);
  if (env.XINYONG_WEBHOOK_ALLOW_PRIVATE) config.webhookAllowPrivate = env.XINYONG_WEBHOOK_ALLOW_PRIVATE === '1' || env.XINYONG_WEBHOOK_ALLOW_PRIVATE === 'true';
  if (env.XINYONG_EXPORTS_PER_MINUTE) config.exportsPerMinute = int('XINYONG_EXPORTS_PER_MINUTE', env.XINYONG_EXPORTS_PER_MINUTE, 0, 1_000_000);
  if (env.XINYONG_LOG_REQUESTS_PER_MINUTE)
    config.logRequestsPerMinute = int('XINYONG_LOG_REQUESTS_PER_MINUTE', env.XINYONG_LOG_REQUESTS_PER_MINUTE, 0, 1_000_000);
  if (env.XINYONG_LOGIN_ATTEMPTS_PER_CLIENT)
    config.loginAttemptsPerClient = int('XINYONG_LOGIN_ATTEMPTS_PER_CLIENT', env.XINYONG_LOGIN_ATTEMPTS_PER_CLIENT, 0, 1000);
  if (env.XINYONG_LOGIN_FAILURES_TO_LOCK) config.loginFailuresToLock = int('XINYONG_LOGIN_FAILURES_TO_LOCK', env.XINYONG_LOGIN_FAILURES_TO_LOCK, 1, 100_000);
  if (env.XINYONG_LOGIN_WINDOW_MINUTES) config.loginWindowMinutes = int('XINYONG_LOGIN_WINDOW_MINUTES', env.XINYONG_LOGIN_WINDOW_MINUTES, 1, 24 * 60);
  if (env.XINYONG_CHECK_WAIT_SECONDS) config.checkWaitSeconds = int('XINYONG_CHECK_WAIT_SECONDS', env.XINYONG_CHECK_WAIT_SECONDS, 1, 3600);
  if (env.XINYONG_LEDGER_LOGS) config.ledgerLogs = int('XINYONG_LEDGER_LOGS', env.XINYONG_LEDGER_LOGS, 1, 4096);
  if (env.XINYONG_LOG_ORIGIN) config.logOrigin = env.XINYONG_LOG_ORIGIN;
  if (env.XINYONG_LOG_WITNESSES) config.logWitnesses = env.XINYONG_LOG_WITNESSES.split(/[,\n]/);
  if (env.XINYONG_FOLLOW_POLL_SECONDS) config.followPollSeconds = int('XINYONG_FOLLOW_POLL_SECONDS', env.XINYONG_FOLLOW_POLL_SECONDS, 1, 86_400);
  if (env.XINYONG_TRUST_PROXY) {
    if (!['0', '1', 'true', 'false'].includes(env.XINYONG_TRUST_PROXY))
      throw new ConfigError(`XINYONG_TRUST_PROXY must be 1 or 0, not '${env.XINYONG_TRUST_PROXY}'`);
    config.trustProxy = env.XINYONG_TRUST_PROXY === '1' || env.XINYONG_TRUST_PROXY === 'true';
  }
  if (env.XINYONG_PGLITE_THREAD) {
    if (!['0', '1'].includes(env.XINYONG_PGLITE_THREAD)) throw new ConfigError(`XINYONG_PGLITE_THREAD must be 1 or 0, not '${env.XINYONG_PGLITE_THREAD}'`);
    config.pgliteThread = env.XINYONG_PGLITE_THREAD === '1';
  }
  if (env.XINYONG_POOL_SIZE) config.poolSize = int('XINYONG_POOL_SIZE', env.XINYONG_POOL_SIZE, 1, 1000);
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (config as unknown as Record<string, unknown>)[k] = v;
  checkLoginLimits(config);
  checkLog(config);
  if (!Number.isInteger(config.schedulerLeaseSeconds) || config.schedulerLeaseSeconds < 1 || config.schedulerLeaseSeconds > 3600)
    throw new ConfigError(`schedulerLeaseSeconds must be a whole number from 1 to 3600, not '${config.schedulerLeaseSeconds}'`);
  if (!LOG_LEVELS.has(config.logLevel)) throw new ConfigError(`log level must be one of ${[...LOG_LEVELS].join(', ')}, not '${config.logLevel}'`);
  if (config.databaseUrl === '') config.databaseUrl = undefined;
  config.dataDir = resolve(config.dataDir);
  config.policyDir = resolve(config.policyDir);
  return config;
}

/**
 * One client may fail at most twice its budget within any login window's length (its budget at
 * the end of one window, then again at the start of the next), so the account locks only above
 * that: a stranger at one address is throttled long before the owner is locked out.
 */
function checkLoginLimits(c: Config): void {
  for (const [name, v, min] of [
    ['loginAttemptsPerClient', c.loginAttemptsPerClient, 0],
    ['loginFailuresToLock', c.loginFailuresToLock, 1],
    ['loginWindowMinutes', c.loginWindowMinutes, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < min) throw new ConfigError(`${name} must be a whole number of at least ${min}, not '${v}'`);
  }
  if (c.loginAttemptsPerClient > 0 && c.loginFailuresToLock <= 2 * c.loginAttemptsPerClient) {
    throw new ConfigError(
      `loginFailuresToLock (${c.loginFailuresToLock}) must exceed twice loginAttemptsPerClient (${c.loginAttemptsPerClient}): else one client alone can lock an account`,
    );
  }
}

/**
 * The origin is a C2SP key name (non-empty, no Unicode space, no plus), since it names the key
 * that signs checkpoints; witness keys are kept trimmed, without empty entries. Whether each is a
 * cosigner's verifier key is checked where the platform reads them.
 */
function checkLog(c: Config): void {
  if (typeof c.logOrigin !== 'string' || c.logOrigin.length === 0 || /[\p{White_Space}\p{Cc}+]/u.test(c.logOrigin))
    throw new ConfigError(`logOrigin (XINYONG_LOG_ORIGIN) must be a key name: not empty, no spaces, no plus, not ${JSON.stringify(c.logOrigin)}`);
  if (!Array.isArray(c.logWitnesses) || c.logWitnesses.some((w) => typeof w !== 'string'))
    throw new ConfigError('logWitnesses (XINYONG_LOG_WITNESSES) must be a list of verifier keys');
  c.logWitnesses = c.logWitnesses.map((w) => w.trim()).filter((w) => w.length > 0);
}

/**
 * The secrets the platform needs. With PGlite they are generated once into the data directory
 * (mode 0600); with PostgreSQL they must be configured, since several servers share them.
 */
export function resolveSecrets(config: Config): { idHashSecret: string } {
  if (config.idHashSecret) return { idHashSecret: config.idHashSecret };
  if (config.databaseUrl) {
    throw new ConfigError('XINYONG_ID_HASH_SECRET must be set when the store is PostgreSQL (every server sharing the database needs the same secret)');
  }
  const path = join(config.dataDir, 'secrets.json');
  const existing = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  if (typeof existing.idHashSecret === 'string' && existing.idHashSecret) return { idHashSecret: existing.idHashSecret };
  // Other secrets in the file (the report signing key) are kept.
  const idHashSecret = randomBytes(32).toString('base64url');
  writeSecretsFile(path, { ...existing, idHashSecret });
  return { idHashSecret };
}
