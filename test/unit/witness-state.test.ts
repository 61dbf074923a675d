// The witness's state file (issue 19, review): a run replaces it whole and durably (a new file
// created exclusively beside it, flushed, renamed over it, the directory flushed), and one run at
// a time holds it (a lock file beside it, created exclusively, removed when the run ends); a second
// run is turned away with an error naming the lock, and changes nothing.
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { lockState, StateLocked, witnessCommand, writeState, type StateFiles } from '../../src/app/cli/commands/witness.ts';
import { CliExit } from '../../src/app/cli/output.ts';
import { generateKey } from '../../src/ledger/tlog/note.ts';

const dir = mkdtempSync(join(tmpdir(), 'xinyong-witness-state-'));
const NOW = new Date('2026-11-20T02:00:00Z');
const LOG_KEY = generateKey('log.example/ledger').verifierKey;
const STATE = { origin: 'log.example/ledger', logKey: LOG_KEY, checkpoint: 'a note\n\n— log.example/ledger AAAA\n' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('the witness state file', () => {
  it('is written to a new file created exclusively, flushed, renamed over the state, and the directory flushed', () => {
    const file = join(dir, 'durable.json');
    writeFileSync(file, '{"old": true}\n');
    const calls: string[] = [];
    const fds = new Map<number, string>();
    const recording: StateFiles = {
      openSync: ((path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
        const fd = fs.openSync(path, flags, mode);
        const what = String(path) === dir ? 'directory' : String(path).endsWith('.tmp') ? 'temporary' : String(path);
        fds.set(fd, what);
        calls.push(`open ${what} ${String(flags)}`);
        return fd;
      }) as StateFiles['openSync'],
      writeSync: ((fd: number, data: string) => {
        calls.push(`write ${fds.get(fd)}`);
        return fs.writeSync(fd, data);
      }) as StateFiles['writeSync'],
      fsyncSync: (fd) => {
        calls.push(`fsync ${fds.get(fd)}`);
        fs.fsyncSync(fd);
      },
      closeSync: (fd) => {
        calls.push(`close ${fds.get(fd)}`);
        fs.closeSync(fd);
      },
      renameSync: (from, to) => {
        calls.push(`rename ${String(from).endsWith('.tmp') ? 'temporary' : String(from)} ${to === file ? 'state' : String(to)}`);
        fs.renameSync(from, to);
      },
      rmSync: (path, options) => {
        calls.push(`rm ${String(path)}`);
        fs.rmSync(path, options);
      },
    };
    writeState(file, STATE, recording);
    expect(calls).toEqual([
      'open temporary wx',
      'write temporary',
      'fsync temporary',
      'close temporary',
      'rename temporary state',
      'open directory r',
      'fsync directory',
      'close directory',
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(STATE);
    expect(readdirSync(dir).filter((f) => f.startsWith('durable.json.'))).toEqual([]);
  });

  it('is held by one run at a time: a second is turned away naming the lock, until the first releases it', () => {
    const file = join(dir, 'locked.json');
    const release = lockState(file, NOW);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`pid ${process.pid} since 2026-11-20T02:00:00.000Z\n`);
    expect(() => lockState(file, NOW)).toThrow(StateLocked);
    expect(() => lockState(file, NOW)).toThrow(
      `another xinyong witness holds the lock ${file}.lock on its state file (pid ${process.pid} since 2026-11-20T02:00:00.000Z)`,
    );
    // The refused run leaves the holder's lock in place.
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
    release();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    lockState(file, NOW)();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('turns a witness run away while another holds the state (exit 2, the lock named, the state untouched), and releases its own lock when it ends', async () => {
    const file = join(dir, 'run.json');
    writeFileSync(file, `${JSON.stringify(STATE)}\n`);
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    // A log nobody answers at: the run fails after taking the lock, and must still release it.
    const unreachable = { url: 'http://127.0.0.1:9', state: file, logKey: LOG_KEY };
    await expect(witnessCommand(unreachable, NOW)).rejects.toEqual(new CliExit(2));
    expect(out.join('')).toContain('log-unreachable');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);

    const release = lockState(file, NOW);
    out.length = 0;
    await expect(witnessCommand(unreachable, NOW)).rejects.toEqual(new CliExit(2));
    expect(JSON.parse(out.find((l) => l.startsWith('{'))!)).toMatchObject({ error: 'state-locked', lock: `${file}.lock` });
    expect(out.join('')).not.toContain('log-unreachable');
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(STATE);
    release();
  });
});
