// The platform as the command line opens it: acting as the operator at the terminal, an
// administrator named after the system user.
import { userInfo } from 'node:os';
import type { Config } from '../../kernel/config.ts';
import { actorOf, type Principal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import type { Platform } from '../platform.ts';

/** The operator at the terminal acts as an administrator, named after the system user. */
export function cliOperator(): Principal & { kind: 'account' } {
  return {
    kind: 'account',
    account: { username: `cli:${userInfo().username}`, role: 'administrator', subjectKey: null, sessionId: 'cli', csrfToken: '' },
  };
}

/** Runs fn with an open platform as the operator acting from this command line. */
export async function withPlatform<T>(config: Config, fn: (p: Platform) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
  // Loaded on demand so that commands without a store (id check, --help) start quickly.
  const { Platform } = await import('../platform.ts');
  const platform = await Platform.open(config, options);
  try {
    return await runWithContext({ requestId: `cli-${process.pid}`, actor: actorOf(cliOperator()) }, () => fn(platform));
  } finally {
    await platform.close();
  }
}
