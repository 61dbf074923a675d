// DATA_DIR/secrets.json (PGlite): the identity-hash secret and the report signing keys, mode
// 0600. Written beside and renamed over, each step synced to disk: a crash or a power cut leaves
// the old file or the new one, never half of one, and never loses a key that has been used (a
// lost signing key would leave the reports it signed unverifiable).
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeSecretsFile(path: string, secrets: Record<string, unknown>): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(secrets, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const d = openSync(dir, 'r');
  try {
    fsyncSync(d);
  } finally {
    closeSync(d);
  }
}
