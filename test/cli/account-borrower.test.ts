// xinyong account add for a borrower, as an operator runs it (bin/xinyong in a child process on a
// PGlite directory): a subject account for a person only the furnished data knows, named by the
// resident identity number, which is kept as its keyed hash and printed masked; a person no
// furnisher furnished is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { BORROWER, consent, loan, ndjson, statement } from '../support/furnishing.ts';

const tmp = mkdtempSync(join(tmpdir(), 'xinyong-account-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

describe('xinyong account add for a borrower on PGlite', () => {
  const dir = join(tmp, 'data');

  it('creates a subject account for a furnished borrower by identity number, printing it masked', () => {
    const key = run(['agency', 'add', '--data', dir, '--code', 'bank-cli', '--name', '示例银行', '--kind', 'commercial-bank']).json.apiKey as string;
    const file = join(tmp, 'october.ndjson');
    writeFileSync(file, ndjson([consent(BORROWER), loan('L-1'), statement('L-1', '2026-10')]));
    expect(run(['furnish', file, '--data', dir, '--agency', key, '--month', '2026-10']).status).toBe(0);
    const r = run(['account', 'add', '--data', dir, '--username', 'borrower-cli', '--subject', BORROWER]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ username: 'borrower-cli', role: 'subject', subject: expect.stringMatching(/^1101\*+002X$/) });
    expect(r.stdout).not.toContain(BORROWER);
    const stranger = run(['account', 'add', '--data', dir, '--username', 'stranger-cli', '--subject', '110101199003070011']);
    expect(stranger.status).toBe(2);
    expect(stranger.json).toMatchObject({ error: 'subject-not-found' });
  });
});
