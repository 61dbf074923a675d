// A lock file that gives one process at a time a PGlite data directory. PGlite itself has no
// such guard, and two processes on one directory corrupt it; the second one gets a clear error.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: { pid: number; host: string; since: string },
  ) {
    super(
      `the data directory ${dir} is in use by process ${holder.pid} on ${holder.host} since ${holder.since}; ` +
        'PGlite allows one process per data directory. Stop that process, or use PostgreSQL (DATABASE_URL) to share a store.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DirectoryLock {
  release(): void;
}

export function lockDataDirectory(dir: string): DirectoryLock {
  const path = join(dir, 'xinyong.lock');
  const me = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // A process that opens and closes many stores keeps a listener only for those open.
        process.removeListener('exit', release);
        try {
          const held = JSON.parse(readFileSync(path, 'utf8')) as { pid: number };
          if (held.pid === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid: number; host: string; since: string };
      try {
        holder = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // A lock file being written this instant, or garbage: treat as held, retry briefly.
        holder = { pid: -1, host: 'unknown', since: 'unknown' };
      }
      const stale = holder.host === me.host && holder.pid > 0 && !alive(holder.pid);
      if (!stale) throw new DataDirectoryLockedError(dir, holder);
      // The holder died without releasing: take the lock over.
      try {
        unlinkSync(path);
      } catch {
        // someone else took it over first; loop and see
      }
    }
  }
  throw new Error(`could not take the lock on ${dir}`);
}
