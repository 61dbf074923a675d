// A migration cut into statements (as migrate.ts runs it on a Citus coordinator) is the same
// migration: semicolons inside quoted text, dollar-quoted bodies and comments do not cut, bodies
// it cannot cut (BEGIN ATOMIC, a rule's DO (…; …)) are refused, and
// every shipped migration run statement by statement gives the schema the whole script gives.
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/store/sql-statements.ts';
import { listMigrations } from '../../src/store/migrate.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import type { Queryable } from '../../src/store/database.ts';

describe('splitStatements', () => {
  it('cuts at semicolons outside quoted text', () => {
    expect(splitStatements('CREATE TABLE a (x int);\nCREATE INDEX ON a (x);')).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX ON a (x)']);
    expect(splitStatements('SELECT 1')).toEqual(['SELECT 1']);
    expect(splitStatements('  ;; \n ')).toEqual([]);
  });

  it('keeps semicolons in literals, quoted identifiers, dollar-quoted bodies and comments', () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RAISE EXCEPTION 'no; never'; END; $fn$`;
    expect(splitStatements(`${fn};\nSELECT $$a;b$$, 'it''s; here', E'\\'; still', "odd;name" FROM t; -- a comment; with semicolons\n/* a /* nested; */ comment; */ SELECT $1`)).toEqual([
      fn,
      `SELECT $$a;b$$, 'it''s; here', E'\\'; still', "odd;name" FROM t`,
      'SELECT $1',
    ]);
  });

  it('drops comments between statements and keeps those inside one', () => {
    expect(splitStatements('-- header; of the file\n/* and; this */\nSELECT 1 -- inside;\n, 2;\n-- trailing')).toEqual(['SELECT 1 -- inside;\n, 2']);
  });

  it('does not take a $ inside an identifier or a parameter for a dollar quote', () => {
    expect(splitStatements('SELECT a$b$c FROM t WHERE x = $1; SELECT 2')).toEqual(['SELECT a$b$c FROM t WHERE x = $1', 'SELECT 2']);
    expect(splitStatements('SELECT 名$x$ FROM t; SELECT 2')).toEqual(['SELECT 名$x$ FROM t', 'SELECT 2']);
  });

  it('takes dollar-quote tags with non-ASCII letters', () => {
    const fn = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $函数$ SELECT 1; $函数$';
    expect(splitStatements(`${fn};\nSELECT $é$a;b$é$`)).toEqual([fn, 'SELECT $é$a;b$é$']);
  });

  it('refuses a BEGIN ATOMIC body and a rule of several commands rather than cut them', () => {
    const atomic = 'CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;';
    expect(() => splitStatements(atomic)).toThrow(/line 2: a BEGIN ATOMIC … END body, whose semicolons cannot be told/);
    const rule = 'CREATE RULE r AS ON INSERT TO a DO ALSO (INSERT INTO b VALUES (1); INSERT INTO c VALUES (2));';
    expect(() => splitStatements(rule)).toThrow(/a semicolon inside parentheses/);
    // The words alone, in text or apart, do not.
    expect(splitStatements("BEGIN; SELECT 'begin atomic; x'; COMMIT")).toEqual(['BEGIN', "SELECT 'begin atomic; x'", 'COMMIT']);
    expect(splitStatements('CREATE RULE r AS ON INSERT TO a DO ALSO INSERT INTO b VALUES (1); SELECT 2')).toEqual([
      'CREATE RULE r AS ON INSERT TO a DO ALSO INSERT INTO b VALUES (1)',
      'SELECT 2',
    ]);
  });
});

describe('every migration run statement by statement', () => {
  it('gives the schema of the whole scripts, on PGlite', async () => {
    const whole = await PgliteDatabase.open(null);
    const cut = await PgliteDatabase.open(null);
    try {
      for (const m of listMigrations()) {
        await whole.exec(m.sql);
        const statements = splitStatements(m.sql);
        expect(statements.length, m.name).toBeGreaterThan(0);
        for (const statement of statements) await cut.exec(statement);
      }
      expect(await schemaOf(cut)).toEqual(await schemaOf(whole));
    } finally {
      await whole.close();
      await cut.close();
    }
  });
});

/** The tables' columns, the indexes, the constraints, the triggers and the functions' bodies. */
async function schemaOf(db: Queryable): Promise<unknown[]> {
  return [
    await db.query(`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`),
    await db.query(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`),
    await db.query(`SELECT conrelid::regclass::text AS rel, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    await db.query(`SELECT tgrelid::regclass::text AS rel, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`),
    await db.query(`SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1, 2`),
  ];
}
