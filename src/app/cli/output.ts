// How commands answer: one JSON object on standard output, and an exit status (0 success or
// "valid", 1 a negative answer, 2 a usage or runtime error).

export const EXIT = { ok: 0, negative: 1, error: 2 } as const;

export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
