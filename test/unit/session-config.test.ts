// The settings a Citus coordinator's sessions connect with: the platform's startup options before
// those the DATABASE_URL names (or PGOPTIONS), whatever form of URL pg accepts; everything else as
// pg itself reads the URL.
import { afterEach, describe, expect, it } from 'vitest';
import { parseIntoClientConfig } from 'pg-connection-string';
import { sessionConfig } from '../../src/store/postgres.ts';

const OURS = '-c citus.max_adaptive_executor_pool_size=1';

describe('sessionConfig', () => {
  const pgoptions = process.env.PGOPTIONS;
  afterEach(() => {
    if (pgoptions === undefined) delete process.env.PGOPTIONS;
    else process.env.PGOPTIONS = pgoptions;
  });

  it('leaves a URL as it is when there are no options of its own to add', () => {
    expect(sessionConfig('postgres://u:p@h:5432/db?options=-c%20x%3D1', undefined)).toEqual({
      connectionString: 'postgres://u:p@h:5432/db?options=-c%20x%3D1',
    });
  });

  it.each([
    ['no options', 'postgres://u:p@127.0.0.1:9700/db', OURS],
    ['options of its own', 'postgres://u:p@127.0.0.1:9700/db?options=-c%20statement_timeout%3D5000', `${OURS} -c statement_timeout=5000`],
    ['a raw % in the password', 'postgres://u:pa%ss@127.0.0.1:9700/db', OURS],
    ['an empty host and a socket directory', 'postgres://u:p@/db?host=/cloudsql/project:region:db&options=-c%20x%3D1', `${OURS} -c x=1`],
    ['an IPv6 host', 'postgres://u:p@[::1]:9700/db', OURS],
  ])('puts its options first for a URL with %s, the rest as pg reads it', (_, url, options) => {
    delete process.env.PGOPTIONS;
    const config = sessionConfig(url, OURS);
    expect(config.options).toBe(options);
    const { options: _own, ...rest } = config;
    const { options: _theirs, ...expected } = parseIntoClientConfig(url);
    expect(rest).toEqual(expected);
  });

  it('takes PGOPTIONS where the URL names no options, or empty ones', () => {
    process.env.PGOPTIONS = '-c lock_timeout=100';
    expect(sessionConfig('postgres://u@h/db', OURS).options).toBe(`${OURS} -c lock_timeout=100`);
    expect(sessionConfig('postgres://u@h/db?options=', OURS).options).toBe(`${OURS} -c lock_timeout=100`);
    expect(sessionConfig('postgres://u@h/db?options=-c%20y%3D2', OURS).options).toBe(`${OURS} -c y=2`);
  });
});
