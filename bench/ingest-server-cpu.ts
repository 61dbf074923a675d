// The PostgreSQL server's CPU time spent for a benchmark's database, read from /proc (Linux, a
// server on this machine): the user and system time of the processes of the server that serves
// the database, sampled while the benchmark runs, so that a process that ends in between (an
// autovacuum worker) is counted up to its last sample. Counted: the backends connected to the
// database, the autovacuum workers on it, and the server's own background processes (WAL writer,
// checkpointer, background writer); other databases' backends (other clients of a shared server)
// are left out. On a Citus node the same holds, and a Citus background worker (the maintenance
// daemon) counts for the database it serves, named by OID in its title. Processes that end
// between two samples, some before the first (a Citus coordinator's extra connections to a
// worker live for one transaction), are counted apart where asked, from the CPU their server
// reaped from its children (all databases').
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { BenchNode } from './lib.ts';

/**
 * A process's parent, its user and system time, and that of the children it has reaped, in µs
 * (/proc counts ticks of 10 ms), or null if it is gone.
 */
function statOf(pid: number): { parent: number; cpuUs: number; reapedUs: number } | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return {
      parent: Number(fields[1]),
      cpuUs: (Number(fields[11]) + Number(fields[12])) * 10_000,
      reapedUs: (Number(fields[13]) + Number(fields[14])) * 10_000,
    };
  } catch {
    return null;
  }
}

function commandOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return null;
  }
}

/**
 * Whether a child of the server counts for `database`: a backend or autovacuum worker of that
 * database, or a background process of the server's own (its title names no database).
 */
function servesDatabase(command: string, database: string, databaseOid: number | undefined): boolean {
  if (!command.startsWith('postgres:')) return false;
  // The title's words, the server's cluster name among them if it has one ("postgres: 15/main: walwriter").
  const words = command.split(/\s+/).slice(1);
  // "Citus Maintenance Daemon: 16384/10": database OID / user OID.
  const citusWorker = words.includes('Citus') ? /^(\d+)\/\d+$/.exec(words.at(-1) ?? '') : null;
  if (citusWorker && databaseOid !== undefined) return Number(citusWorker[1]) === databaseOid;
  const autovacuum = words.indexOf('autovacuum');
  if (autovacuum >= 0 && words[autovacuum + 1] === 'worker') return words.includes(database);
  // A client backend's title: user database host(port) state; the database is before the host.
  const host = words.findIndex((w) => /\(\d+\)$/.test(w) || w === '[local]');
  if (host >= 1) return words[host - 1] === database;
  return true;
}

export interface ServerCpuMeter {
  /** Starts counting from now. */
  start(): void;
  /** The server's CPU for the database since start, in µs. */
  stop(): number;
}

export interface ServerCpuMeterOptions {
  /**
   * How often to sample /proc while counting (100 ms): a process that ends between two samples
   * counts up to the last. 0 reads it only at start and stop, which costs this process no CPU in
   * between and misses the end of processes that exit meanwhile.
   */
  sampleMs?: number;
  /** The database's OID, which names it in a Citus background worker's title. */
  databaseOid?: number;
}

/** A server to meter: its postmaster's pid and the database counted on it. */
interface MeteredServer {
  postmaster: number;
  database: string;
  databaseOid: number | undefined;
}

/** A server's CPU for its database over a meter's window, in µs. */
export interface ServerCpu {
  /** Of the processes counted for the database, up to their last sample. */
  live: number;
  /**
   * Of the server's children that ended in the window, beyond their last sample (all of it for
   * those never sampled): what the server reaped from them, less what the samples had seen of
   * them. Other databases' processes that end in the window count here too.
   */
  exited: number;
}

/**
 * The CPU several servers spend for their databases, by their index in `servers`, from one scan
 * of /proc a sample.
 */
function serversCpuMeter(servers: readonly MeteredServer[], sampleMs: number): { start(): void; stop(): ServerCpu[] } {
  const byPostmaster = new Map(servers.map((s, i) => [s.postmaster, i]));
  // Each counted process's server, and its CPU when first seen (0 for one that started after start) and last seen.
  let first = new Map<number, number>();
  let last = new Map<number, { server: number; us: number }>();
  // Every child of a server, counted or not, with its CPU when last seen; each server's reaped CPU at start.
  let seen = new Map<number, { server: number; us: number }>();
  let reapedAtStart: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  // The postmasters and their children (the kernel lists a thread's children where it was built
  // with CONFIG_PROC_CHILDREN), else every process.
  const candidates = (): number[] => {
    const pids = [...byPostmaster.keys()];
    for (const postmaster of byPostmaster.keys()) {
      try {
        pids.push(...readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      } catch {
        return readdirSync('/proc')
          .map(Number)
          .filter((pid) => Number.isInteger(pid) && pid > 0);
      }
    }
    return pids;
  };
  const sample = () => {
    for (const pid of candidates()) {
      const stat = statOf(pid);
      if (stat === null) continue;
      const server = byPostmaster.get(pid) ?? byPostmaster.get(stat.parent);
      if (server === undefined) continue;
      if (!byPostmaster.has(pid)) seen.set(pid, { server, us: stat.cpuUs });
      const { database, databaseOid } = servers[server]!;
      const command = byPostmaster.has(pid) ? 'postgres: postmaster' : commandOf(pid);
      if (command === null || !servesDatabase(command, database, databaseOid)) continue;
      if (!first.has(pid)) first.set(pid, started ? 0 : stat.cpuUs);
      last.set(pid, { server, us: stat.cpuUs });
    }
  };
  return {
    start() {
      first = new Map();
      last = new Map();
      seen = new Map();
      reapedAtStart = servers.map((s) => statOf(s.postmaster)?.reapedUs ?? 0);
      started = false;
      sample();
      started = true;
      if (sampleMs > 0) {
        timer = setInterval(sample, sampleMs);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      sample();
      const sums = servers.map((s, i) => ({ live: 0, exited: (statOf(s.postmaster)?.reapedUs ?? 0) - reapedAtStart[i]! }));
      for (const [pid, { server, us }] of last) sums[server]!.live += us - first.get(pid)!;
      for (const [pid, { server, us }] of seen) if (statOf(pid)?.parent !== servers[server]!.postmaster) sums[server]!.exited -= us;
      for (const sum of sums) sum.exited = Math.max(0, sum.exited);
      return sums;
    },
  };
}

/**
 * A meter of the CPU that the server whose backend is `backendPid` spends for `database`, or null
 * where /proc does not tell (not Linux, or a server on another machine).
 */
export function serverCpuMeter(backendPid: number, database: string, options: ServerCpuMeterOptions = {}): ServerCpuMeter | null {
  const postmaster = statOf(backendPid)?.parent;
  if (postmaster === undefined || statOf(postmaster) === null) return null;
  const meter = serversCpuMeter([{ postmaster, database, databaseOid: options.databaseOid }], options.sampleMs ?? 100);
  return { start: () => meter.start(), stop: () => meter.stop()[0]!.live };
}

export interface NodeCpuMeters {
  /** Starts counting on every node from now. */
  start(): void;
  /** Each node's CPU for the store's database since start, by node name. */
  stop(): Record<string, ServerCpu>;
}

/**
 * One meter per server of a store (PostgreSQL, or each node of a Citus cluster), each found by a
 * backend of a short connection to the store's database on it; null when there is no server or
 * /proc does not tell for one of them.
 */
export async function nodeCpuMeters(
  nodes: readonly BenchNode[] | undefined,
  options: Omit<ServerCpuMeterOptions, 'databaseOid'> = {},
): Promise<NodeCpuMeters | null> {
  if (!nodes || nodes.length === 0) return null;
  const servers: MeteredServer[] = [];
  for (const node of nodes) {
    const client = new pg.Client({ connectionString: node.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number; database: string; oid: number }>(
        'SELECT pg_backend_pid() AS pid, datname AS database, oid::int AS oid FROM pg_database WHERE datname = current_database()',
      );
      // The server is the backend's parent, read while the backend lives.
      const postmaster = statOf(rows[0]!.pid)?.parent;
      if (postmaster === undefined || statOf(postmaster) === null) return null;
      servers.push({ postmaster, database: rows[0]!.database, databaseOid: rows[0]!.oid });
    } finally {
      await client.end();
    }
  }
  const meter = serversCpuMeter(servers, options.sampleMs ?? 100);
  return {
    start: () => meter.start(),
    stop() {
      const sums = meter.stop();
      return Object.fromEntries(nodes.map((n, i) => [n.name, sums[i]!]));
    },
  };
}
