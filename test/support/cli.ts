// Running bin/xinyong in a child process, as an operator does, with a fixed identity-hash secret
// and silent logs: its exit status, its standard output, and that output as JSON when it is.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');

export function runCli(args: string[]): { status: number | null; json: Record<string, any>; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XINYONG_LOG_LEVEL: 'silent', XINYONG_ID_HASH_SECRET: 'cli-test-secret' },
    timeout: 120_000,
  });
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(r.stdout) as Record<string, any>;
  } catch {
    // not every run prints JSON
  }
  return { status: r.status, json, stdout: r.stdout };
}
