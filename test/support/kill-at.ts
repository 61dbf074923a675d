// Running bin/xinyong in a child process and killing it (SIGKILL, as kill -9) at a moment its own
// progress lines on standard error pick: the first line `at` accepts. No timing is involved: the
// moment is "after this much work was reported done", however fast the machine.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');

export interface ChildRun {
  /** True when the child was killed at the chosen moment; false when it ended first. */
  killed: boolean;
  /** The line that chose the moment. */
  at: string | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runUntil(args: string[], env: Record<string, string>, at: (line: string) => boolean = () => false): Promise<ChildRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, XINYONG_LOG_LEVEL: 'silent', XINYONG_ID_HASH_SECRET: 'resume-test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let chosen: string | null = null;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr += `${line}\n`;
    if (chosen === null && at(line)) {
      chosen = line;
      child.kill('SIGKILL');
    }
  });
  return new Promise((res, rej) => {
    child.once('error', rej);
    child.once('close', (status) => res({ killed: chosen !== null, at: chosen, status, stdout, stderr }));
  });
}

/** The first number pair "done/total" of a progress line with this unit (e.g. ' records'), or null. */
export function doneOf(line: string, unit: string): { done: number; total: number } | null {
  const m = new RegExp(`([\\d,]+)/([\\d,]+)${unit}`).exec(line);
  return m ? { done: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')) } : null;
}
