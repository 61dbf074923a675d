// The xinyong command. Each subcommand opens the platform it needs, answers with one JSON
// object on standard output (progress goes to standard error), and exits 0 for success or
// "valid", 1 for a negative answer, 2 for a usage or runtime error.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, ConfigError, type Config } from '../../kernel/config.ts';
import { AppError } from '../../kernel/problems.ts';
import { systemClock } from '../../kernel/clock.ts';
import { CliExit, EXIT, printJson } from './output.ts';
import { idCheck } from './commands/id-check.ts';
import { Progress } from './progress.ts';
import { cliOperator, withPlatform } from './with-platform.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';

interface StoreOpts {
  data?: string;
  databaseUrl?: string;
  policy?: string;
}

function configFrom(opts: StoreOpts, extra: Partial<Config> = {}): Config {
  return loadConfig({ dataDir: opts.data, databaseUrl: opts.databaseUrl, policyDir: opts.policy, ...extra });
}

function storeOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'PGlite data directory (default ./data, or XINYONG_DATA_DIR)')
    .option('--database-url <url>', 'PostgreSQL URL instead of PGlite (default DATABASE_URL)')
    .option('--policy <dir>', 'policy pack directory (default policy/cn-national)');
}

export function buildProgram(): Command {
  const program = new Command('xinyong')
    .description('xinyong (信用): a public credit information platform')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  storeOptions(program.command('serve').description('run the HTTP API on the configured store'))
    .option('--port <port>', 'port to listen on (default 8080, or XINYONG_PORT)')
    .option('--host <host>', 'address to bind (default 127.0.0.1, or XINYONG_HOST)')
    .action(async (opts: StoreOpts & { port?: string; host?: string }) => {
      const { serveCommand } = await import('./commands/serve.ts');
      await serveCommand(configFrom(opts, { port: opts.port !== undefined ? Number(opts.port) : undefined, host: opts.host }));
    });

  const intArg = (name: string, min: number) => (v: string) => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new CommanderError(2, 'xinyong.usage', `${name} must be a whole number of at least ${min}`);
    return n;
  };
  const progressOption = () =>
    new Option('--progress <mode>', 'progress on standard error: a bar (a line every few seconds off a terminal), or a line for every batch and step done')
      .choices(['bar', 'lines'])
      .default('bar');
  /** What seed and demo share: what to seed, and how progress shows. */
  const seedOptions = (cmd: Command): Command =>
    cmd
      .option('--subjects <n>', "number of subjects (default 40000, or the stopped seed's own)", intArg('--subjects', 1))
      .option('--seed <n>', "generator seed, the same seed giving the same data (default 1, or the stopped seed's own)", intArg('--seed', 0))
      .addOption(progressOption());
  seedOptions(
    storeOptions(
      program
        .command('seed')
        .description(
          'seed an empty store with realistic synthetic data through the real intake; writes DIR/demo-credentials.json. A seed stopped at any moment continues where it stopped when run again',
        ),
    ),
  )
    .option('--batch <n>', "records per transaction (default 5000, or the stopped seed's own)", intArg('--batch', 1))
    .action(async (opts: StoreOpts & { subjects?: number; seed?: number; batch?: number; progress: 'bar' | 'lines' }) => {
      const { seedCommand } = await import('./commands/demo.ts');
      printJson((await seedCommand(configFrom(opts), { subjects: opts.subjects, seed: opts.seed, batchSize: opts.batch, progress: opts.progress })).summary);
    });
  seedOptions(
    storeOptions(
      program
        .command('demo')
        .description(
          'seed (when DIR holds no demo credentials yet: an empty store, or one whose seed stopped, which continues) and serve: the quickest way to see the platform',
        ),
    ),
  )
    .option('--port <port>', 'port to listen on (default 8080, or XINYONG_PORT)')
    .option('--host <host>', 'address to bind (default 127.0.0.1, or XINYONG_HOST)')
    .action(async (opts: StoreOpts & { subjects?: number; seed?: number; port?: string; host?: string; progress: 'bar' | 'lines' }) => {
      const { demoCommand } = await import('./commands/demo.ts');
      await demoCommand(configFrom(opts, { port: opts.port !== undefined ? Number(opts.port) : undefined, host: opts.host }), {
        subjects: opts.subjects,
        seed: opts.seed,
        progress: opts.progress,
      });
    });

  const agency = program.command('agency').description('manage supplying agencies and their API keys');
  storeOptions(agency.command('add').description('register an agency and print its API key (shown only once)'))
    .requiredOption('--code <code>', 'agency code, e.g. samr-hangzhou')
    .requiredOption('--name <name>', 'agency name')
    .requiredOption('--kind <kind>', 'agency kind from the policy pack, e.g. market-regulation')
    .option('--items <items>', 'comma-separated catalogue items (default: all its kind may supply)')
    .action(async (opts: StoreOpts & { code: string; name: string; kind: string; items?: string }) => {
      const result = await withPlatform(configFrom(opts), (p) =>
        p.agencies.register({
          code: opts.code,
          name: opts.name,
          kind: opts.kind,
          items: opts.items
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }),
      );
      printJson({ ...result, note: 'store the apiKey now: the platform keeps only its hash' });
    });
  storeOptions(agency.command('list').description('list the registered agencies')).action(async (opts: StoreOpts) => {
    printJson({ agencies: await withPlatform(configFrom(opts), (p) => p.agencies.list()) });
  });
  storeOptions(agency.command('key').description('issue another API key for an agency (key rotation)'))
    .requiredOption('--code <code>', 'agency code')
    .action(async (opts: StoreOpts & { code: string }) => {
      printJson({ agency: opts.code, apiKey: await withPlatform(configFrom(opts), (p) => p.agencies.issueKey(opts.code)) });
    });

  storeOptions(
    program
      .command('import')
      .description(
        'import records from an NDJSON or CSV file through intake; an import stopped at any moment continues after its last committed batch when run again',
      ),
  )
    .argument('<file>', 'NDJSON (one record per line) or CSV (columns item, subject.code, decision.number, fields.NAME, ...)')
    .requiredOption('--agency <apiKey>', "the supplying agency's API key")
    .addOption(new Option('--format <format>', 'file format (default: by extension)').choices(['ndjson', 'csv']))
    .option('--batch <n>', 'records per transaction', '5000')
    .option('--lenient-codes', 'accept codes whose check character fails, flagging them')
    .option('--max-batches <n>', 'stop after this many batches; run again to continue')
    .addOption(progressOption())
    .action(
      async (
        file: string,
        opts: StoreOpts & { agency: string; format?: 'ndjson' | 'csv'; batch: string; lenientCodes?: boolean; maxBatches?: string; progress: 'bar' | 'lines' },
      ) => {
        const { importCommand } = await import('./commands/import.ts');
        await importCommand(configFrom(opts), file, opts);
      },
    );

  storeOptions(
    program.command('furnish').description("furnish a month's batch of accounts and statements from an NDJSON or CSV file (a furnisher's key; all or nothing)"),
  )
    .argument('<file>', 'NDJSON (one line per line) or CSV (a header row naming kind and the items of the data standard)')
    .requiredOption('--agency <apiKey>', "the furnisher's API key")
    .requiredOption('--month <month>', 'the reporting month, YYYY-MM')
    .addOption(new Option('--format <format>', 'file format (default: by extension)').choices(['ndjson', 'csv']))
    .action(async (file: string, opts: StoreOpts & { agency: string; month: string; format?: 'ndjson' | 'csv' }) => {
      const { furnishCommand } = await import('./commands/furnish.ts');
      await furnishCommand(configFrom(opts), file, opts);
    });

  storeOptions(
    program
      .command('tick')
      .description(
        "run the scheduler once under its lease, as a server's scheduler does (refused while a server holds it): end publicity and listings that ran out, propose escalations, and once a local day rescore persons and evaluate every subject",
      ),
  ).action(async (opts: StoreOpts) => {
    const r = await withPlatform(configFrom(opts), (p) => p.scheduleOnce());
    printJson({ ...r.tick, dailyEvaluation: r.evaluations });
  });

  const account = program.command('account').description('accounts of subjects, administrators and auditors');
  storeOptions(account.command('add').description('create an account; prints the password once when generated'))
    .requiredOption('--username <name>', 'login name')
    .addOption(new Option('--role <role>', 'account role').choices(['subject', 'administrator', 'auditor']).default('subject'))
    .option(
      '--subject <code>',
      "for a subject account: the organisation's Unified Social Credit Code, or a borrower's resident identity number (kept only as its keyed hash)",
    )
    .option('--password <password>', 'the password (default: generated and printed)')
    .action(async (opts: StoreOpts & { username: string; role: 'subject' | 'administrator' | 'auditor'; subject?: string; password?: string }) => {
      const result = await withPlatform(configFrom(opts), async (p) =>
        p.accounts.create({
          username: opts.username,
          role: opts.role,
          subjectKey: opts.subject ? p.subjects.keyOf(opts.subject) : null,
          ...(opts.password ? { password: opts.password } : {}),
        }),
      );
      printJson({ ...result, role: opts.role, subject: opts.subject ? maskIdentityNumbers(opts.subject) : null });
    });

  storeOptions(program.command('check').description('credit check: which measures apply to a subject in a scenario (exit 1 when a restriction applies)'))
    .argument('<code>', 'Unified Social Credit Code or resident identity number')
    .requiredOption('--scenario <scenario>', 'the scenario, e.g. procurement-bid')
    .option('--at <date>', 'a past date or instant (default now)')
    .action(async (code: string, opts: StoreOpts & { scenario: string; at?: string }) => {
      const operator = cliOperator();
      const result = await withPlatform(configFrom(opts), (p) =>
        p.checks.checkFromDatabase({ subject: code, scenario: opts.scenario, ...(opts.at ? { at: opts.at } : {}) }, operator),
      );
      printJson(result);
      if (['prohibit', 'restrict', 'enhanced-scrutiny'].includes(result.outcome)) throw new CliExit(EXIT.negative);
    });

  storeOptions(program.command('evaluate').description("evaluate subjects with the pack's scorecards"))
    .option('--all', 'recompute every subject (the default)')
    .action(async (opts: StoreOpts & { all?: boolean }) => {
      const progress = new Progress('evaluate', 0, ' subjects');
      const r = await withPlatform(configFrom(opts), (p) =>
        p.evaluations.evaluateAll((done, total) => {
          progress.setTotal(total);
          progress.update(done);
        }),
      );
      progress.finish();
      printJson(r);
    });

  storeOptions(program.command('evaluations').description("a subject's evaluations in full: now, as of a past day, or their history"))
    .argument('<code>', 'Unified Social Credit Code or resident identity number')
    .option('--as-of <date>', 'a past date (the end of that day) or instant: the evaluations then in force')
    .option('--history', 'each change in what the evaluations decided, and each end, newest first')
    .action(async (code: string, opts: StoreOpts & { asOf?: string; history?: boolean }) => {
      printJson(
        await withPlatform(configFrom(opts), async (p) => {
          if (opts.history && opts.asOf) throw new Error('--history lists every change; it takes no --as-of');
          // Read at the terminal as through the API: the service logs it in the subject's access log.
          const operator = cliOperator();
          if (opts.history) return { subject: code, history: await p.evaluations.historyFor(operator, code) };
          const { asOf, evaluations } = await p.evaluations.viewFor(operator, code, opts.asOf);
          return { subject: code, ...(asOf ? { asOf: asOf.toISOString() } : {}), evaluations };
        }),
      );
    });

  storeOptions(program.command('draw').description('draw subjects for inspection by tier from a published seed'))
    .requiredOption('--seed <seed>', 'the published random seed')
    .option('--division <prefix>', 'only subjects registered in divisions starting with this prefix, e.g. 3301')
    .option('--inspectors <file>', 'JSON list of inspectors: [{"id", "conflicts": [codes], "excludedDivisions": [prefixes]}]')
    .action(async (opts: StoreOpts & { seed: string; division?: string; inspectors?: string }) => {
      const { readFileSync } = await import('node:fs');
      const { parseDrawRequest } = await import('../../features/evaluation/evaluation.schemas.ts');
      const inspectors = opts.inspectors ? (JSON.parse(readFileSync(opts.inspectors, 'utf8')) as unknown) : undefined;
      // Checked against the API's schema of a draw.
      const request = parseDrawRequest({ seed: opts.seed, ...(opts.division ? { divisionPrefix: opts.division } : {}), ...(inspectors ? { inspectors } : {}) });
      const operator = cliOperator();
      printJson(await withPlatform(configFrom(opts), (p) => p.inspections.run(operator, request)));
    });

  const report = program.command('report').description('signed credit reports');
  storeOptions(report.command('issue').description('issue a public credit report about a subject; prints its code (and writes the PDF when asked)'))
    .argument('<code>', 'Unified Social Credit Code of the subject')
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['zh', 'en']).default('zh'))
    .option('--pdf <file>', 'write the PDF rendering to this file')
    .option('--html <file>', 'write the HTML rendering to this file')
    .action(async (code: string, opts: StoreOpts & { lang: 'zh' | 'en'; pdf?: string; html?: string }) => {
      const { writeFileSync } = await import('node:fs');
      printJson(
        await withPlatform(configFrom(opts), async (p) => {
          const issued = await p.reports.issue(code, { scope: 'public', lang: opts.lang });
          if (opts.pdf) writeFileSync(opts.pdf, await p.reports.pdf(issued.code));
          if (opts.html) writeFileSync(opts.html, await p.reports.html(issued.code));
          return issued;
        }),
      );
    });
  storeOptions(report.command('verify').description('verify a report by its code (exit 1 when it does not verify)'))
    .argument('<code>', 'the verification code printed on the report')
    .action(async (code: string, opts: StoreOpts) => {
      const result = await withPlatform(configFrom(opts), (p) => p.reports.verify(code));
      printJson(result);
      if (!result.valid) throw new CliExit(EXIT.negative);
    });

  storeOptions(report.command('keys').description('the signing key and the retired keys that still verify what they signed')).action(
    async (opts: StoreOpts) => {
      printJson(await withPlatform(configFrom(opts), async (p) => p.reports.publicKey()));
    },
  );
  storeOptions(
    report
      .command('rotate-key')
      .description("retire the PGlite directory's signing key (its public half keeps verifying what it signed) and generate a new one; stop the server first"),
  )
    .option('--compromised', 'the old key may have leaked: it is revoked and verifies nothing from now on (reissue the reports it signed)')
    .action(async (opts: StoreOpts & { compromised?: boolean }) => {
      const config = configFrom(opts);
      if (config.databaseUrl || config.reportSigningKey) {
        throw new AppError(
          'validation-failed',
          'the signing key is configured (XINYONG_REPORT_SIGNING_KEY), so it is rotated in the configuration: generate a new key (openssl genpkey -algorithm ed25519), ' +
            'add the current public key to XINYONG_REPORT_RETIRED_KEYS as [{"publicKeyPem": "...", "retiredAt": "..."}] (xinyong report keys prints it; add "compromised": true if it may have leaked), ' +
            'set both on every server and restart them all; retiredAt is an instant after the last server signing with the old key has stopped',
        );
      }
      const { rotateSigningKey } = await import('../../features/reports/signing-key.ts');
      // Opening the platform takes the directory's lock: no server signs with the old key meanwhile.
      const rotated = await withPlatform(config, async (p) => rotateSigningKey(config.dataDir, p.clock.now(), { compromised: opts.compromised ?? false }));
      printJson({
        current: { keyId: rotated.current.keyId, fingerprint: rotated.current.fingerprint, publicKeyPem: rotated.current.publicKeyPem },
        retired: {
          keyId: rotated.retired.keyId,
          fingerprint: rotated.retired.fingerprint,
          retiredAt: rotated.retired.retiredAt,
          compromised: rotated.retired.compromised,
        },
      });
    });

  program
    .command('openapi')
    .description("print this version's OpenAPI document, as a server serves it at /openapi.json (opens a throwaway embedded store)")
    .action(async () => {
      const { openApiDocument } = await import('../http/openapi-document.ts');
      printJson(await openApiDocument());
    });

  const id = program.command('id').description('identifiers');
  id.command('check')
    .description('validate and parse a Unified Social Credit Code or a resident identity number')
    .argument('<code>', 'the code to check')
    .addOption(new Option('--kind <kind>', 'which identifier it is (default: guessed)').choices(['uscc', 'resident-id']))
    .option('--lenient', 'accept a Unified Social Credit Code whose check character fails, flagging it')
    .action((code: string, opts: { kind?: 'uscc' | 'resident-id'; lenient?: boolean }) => {
      const result = idCheck(code, opts);
      printJson(result);
      if (!result.valid) throw new CliExit(EXIT.negative);
    });

  storeOptions(program.command('rebuild').description('rebuild the projections from the ledger')).action(async (opts: StoreOpts) => {
    const progress = new Progress('rebuild', 0, ' events');
    const t0 = Date.now();
    const r = await withPlatform(configFrom(opts), (p) => p.rebuild((n) => progress.update(n)));
    progress.finish();
    printJson({ rebuilt: true, events: r.events, seconds: (Date.now() - t0) / 1000 });
  });

  const audit = program.command('audit').description('audit the ledger');
  storeOptions(
    audit
      .command('verify')
      .description(
        "recompute every log's Merkle tree from its events (each log must pass through the latest signed checkpoint), then check that the projections equal a replay of the ledger (every subject on a small store, a seeded sample on a large one); exit 1 naming the first broken event or the first difference",
      ),
  )
    .option('--expect-head <root>', "also require the ledger's head root (base64, as a checkpoint signs it) to be this published one")
    .option(
      '--since <file>',
      'check only the growth since this saved checkpoint (a signed checkpoint note, or a witness state file holding one), whose signature must verify with the log keys',
    )
    .option('--all', 'check the projections of every subject, however many')
    .option('--sample <n>', 'check the projections of this many subjects, drawn by the seed', intArg('--sample', 1))
    .option('--seed <n>', 'the seed that draws the sample (default random, printed)', intArg('--seed', 0))
    .action(async (opts: StoreOpts & { expectHead?: string; since?: string; all?: boolean; sample?: number; seed?: number }) => {
      if (opts.all && opts.sample !== undefined) throw new CommanderError(2, 'xinyong.usage', '--all and --sample exclude each other');
      const { verifyProjections, describeDifference } = await import('../../ledger/verify-projections.ts');
      const progress = new Progress('verify', 0, ' events');
      const checking = new Progress('projections', 0, ' subjects');
      const { chain, projections, furnishing } = await withPlatform(
        configFrom(opts),
        async (p) => {
          const signed = await p.log.latestSigned();
          const since = opts.since === undefined ? undefined : p.log.headOfNote(savedCheckpointNote(opts.since));
          const chain = { ...(await p.verify({ onProgress: (n) => progress.update(n), since, signed: signed?.head })), checkpoint: signed?.id ?? null };
          progress.finish();
          // A replay of altered events proves nothing: the projections are checked on an intact ledger.
          if (!chain.intact) return { chain, projections: null, furnishing: null };
          const projections = await verifyProjections(p.db, {
            all: opts.all,
            sample: opts.sample,
            seed: opts.seed,
            onProgress: (done, total) => {
              checking.setTotal(total);
              checking.update(done);
            },
          });
          checking.finish();
          // Each furnishing batch's root recomputed from its stored lines, against its ledger event.
          const batches = await p.furnishing.verifyAll();
          return { chain, projections, furnishing: { batches: batches.length, broken: batches.filter((b) => !b.intact) } };
        },
        { readOnly: true },
      );
      const brokenBatch = furnishing?.broken[0];
      const r =
        projections && !projections.equal
          ? {
              ...chain,
              intact: false,
              reason: `the projections differ from the ledger: ${describeDifference(projections.firstDifference!)}`,
              projections,
              furnishing,
            }
          : brokenBatch
            ? {
                ...chain,
                intact: false,
                reason: `furnishing batch ${brokenBatch.batchId} of ${brokenBatch.furnisher}: ${brokenBatch.problem}`,
                projections,
                furnishing,
              }
            : { ...chain, projections, furnishing };
      if (!r.intact) {
        printJson(r);
        throw new CliExit(EXIT.negative);
      }
      if (opts.expectHead && opts.expectHead !== r.head.root) {
        printJson({
          ...r,
          intact: false,
          firstBroken: null,
          reason: `the ledger's head root is ${r.head.root}, not the expected ${opts.expectHead}: events were rewritten or removed`,
        });
        throw new CliExit(EXIT.negative);
      }
      printJson(r);
    });

  const witness = program
    .command('witness')
    .description(
      "witness the platform's log: check its signed checkpoint against the one saved in --state (the log key's signature, every log grown by its consistency proof), then save it and post a cosignature; exit 1 on a fork or rollback, keeping the saved checkpoint",
    )
    .option('--url <url>', "the platform's address, e.g. https://credit.example.gov.cn")
    .option('--state <file>', 'the JSON file where the witness keeps the log key and the last checkpoint it accepted (made on the first run)')
    .option('--key <file>', 'the witness key file (xinyong witness keygen); without it the checkpoint is checked and saved but not cosigned')
    .option('--log-key <vkey>', "the log's verifier key, as its operator publishes it: needed on the first run; later, a rotated key of the same log")
    .option('--trust-on-first-use', 'on the first run without --log-key, trust the key the platform states at GET /v1/log/keys')
    .action(async (opts: { url?: string; state?: string; key?: string; logKey?: string; trustOnFirstUse?: boolean }) => {
      if (!opts.url || !opts.state) witness.error('error: xinyong witness needs --url URL and --state FILE', { exitCode: EXIT.error, code: 'xinyong.usage' });
      const { witnessCommand } = await import('./commands/witness.ts');
      await witnessCommand({ ...opts, url: opts.url!, state: opts.state! }, systemClock.now());
    });
  witness
    .command('keygen')
    .description("make a witness key (C2SP cosignature/v1, Ed25519) in a file only its owner reads, and print the verifier key to give the platform's operator")
    .requiredOption('--name <name>', 'the witness name, e.g. witness.example.org (no spaces, no plus)')
    .requiredOption('--out <file>', 'the key file to create (never overwritten)')
    .action(async (opts: { name: string; out: string }) => {
      const { witnessKeygen } = await import('./commands/witness.ts');
      printJson(witnessKeygen(opts));
    });

  return program;
}

/** The checkpoint note a file holds: the note itself, or a witness's state file ({"checkpoint": note}). */
function savedCheckpointNote(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!text.trimStart().startsWith('{')) return text;
  const state = JSON.parse(text) as { checkpoint?: unknown };
  if (typeof state.checkpoint !== 'string') throw new CommanderError(2, 'xinyong.usage', `${path} holds JSON without a "checkpoint" note`);
  return state.checkpoint;
}

function explain(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.detail}`;
  // Errors meant for the operator carry a complete message (checked by name so that the policy
  // loader and the store are not loaded for commands that do not need them).
  if (err instanceof ConfigError || (err instanceof Error && ['PolicyLoadError', 'DataDirectoryLockedError', 'LeaseHeld'].includes(err.name)))
    return err.message;
  return err instanceof Error ? err.message : String(err);
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CliExit) return err.code;
    if (err instanceof CommanderError) {
      // Explicit --help and --version succeed; help shown for a missing subcommand is a usage error.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      return EXIT.error;
    }
    process.stderr.write(`xinyong: ${explain(err)}\n`);
    if (err instanceof AppError) printJson({ error: err.code, detail: err.detail, ...err.extensions });
    return EXIT.error;
  }
}
