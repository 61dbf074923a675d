// The PostgreSQL server's CPU time spent for a benchmark's database, read from /proc (Linux, a
// server on this machine): the user and system time of the processes of the server that serves
// the database, sampled while the benchmark runs, so that a process that ends in between (an
// autovacuum worker) is counted up to its last sample. Counted: the backends connected to the
// database, the autovacuum workers on it, and the server's own background processes (WAL writer,
// checkpointer, background writer); other databases' backends (other clients of a shared server)
// are left out.
import { readdirSync, readFileSync } from 'node:fs';

/** A process's user and system time, in µs (/proc counts ticks of 10 ms), or null if it is gone. */
function cpuUs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
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
function servesDatabase(command: string, database: string): boolean {
  if (!command.startsWith('postgres:')) return false;
  // The title's words, the server's cluster name among them if it has one ("postgres: 15/main: walwriter").
  const words = command.split(/\s+/).slice(1);
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

/**
 * A meter of the CPU that the server whose backend is `backendPid` spends for `database`, or null
 * where /proc does not tell (not Linux, or a server on another machine).
 */
export function serverCpuMeter(backendPid: number, database: string, sampleMs = 100): ServerCpuMeter | null {
  const postmaster = parentOf(backendPid);
  if (postmaster === null || cpuUs(postmaster) === null) return null;
  // Each counted process's CPU when first seen (0 for one that started after start) and last seen.
  let first = new Map<number, number>();
  let last = new Map<number, number>();
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  const sample = () => {
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid === 0) continue;
      if (pid !== postmaster && parentOf(pid) !== postmaster) continue;
      const command = pid === postmaster ? 'postgres: postmaster' : commandOf(pid);
      if (command === null || !servesDatabase(command, database)) continue;
      const us = cpuUs(pid);
      if (us === null) continue;
      if (!first.has(pid)) first.set(pid, started ? 0 : us);
      last.set(pid, us);
    }
  };
  return {
    start() {
      first = new Map();
      last = new Map();
      started = false;
      sample();
      started = true;
      timer = setInterval(sample, sampleMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      sample();
      let sum = 0;
      for (const [pid, us] of last) sum += us - first.get(pid)!;
      return sum;
    },
  };
}
