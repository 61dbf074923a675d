// Negative cases for the policy pack loader: copy the shipped pack to a temporary directory, edit
// one YAML file, and read the PolicyLoadError that the edit causes. Copies are removed after the
// test file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { PolicyLoadError, loadPolicyPack } from '../../src/kernel/policy-pack.ts';

export const PACK = resolve(import.meta.dirname, '../../policy/cn-national');

const temps: string[] = [];
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the shipped pack. */
export function copyPack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-pack-'));
  temps.push(dir);
  cpSync(PACK, dir, { recursive: true });
  return dir;
}

/** Parses one YAML file of a pack copy, lets `change` edit it, and writes it back. */
export function edit<T>(dir: string, file: string, change: (doc: T) => void): void {
  const path = join(dir, file);
  const doc = parseYaml(readFileSync(path, 'utf8'), { maxAliasCount: -1 }) as T;
  change(doc);
  writeFileSync(path, stringifyYaml(doc));
}

/** The error loading the pack in `dir` throws; fails the test if it loads. */
export function loadError(dir: string): PolicyLoadError {
  try {
    loadPolicyPack(dir);
  } catch (err) {
    if (err instanceof PolicyLoadError) return err;
    throw err;
  }
  throw new Error(`the pack in ${dir} loaded, but it should not`);
}

/** Copies the pack, applies the edit to one file, and returns the load error. */
export function failing<T>(file: string, change: (doc: T) => void): PolicyLoadError {
  const dir = copyPack();
  edit(dir, file, change);
  return loadError(dir);
}

/** The problems an edit of one file causes, asserting that none is reported for another file. */
export function problemsIn<T>(file: string, change: (doc: T) => void): string[] {
  const dir = copyPack();
  edit(dir, file, change);
  const err = loadError(dir);
  expect(
    err.problems.filter((p) => !p.startsWith(`${file}: `)),
    `problems outside ${file}`,
  ).toEqual([]);
  expect(err.message).toContain(dir);
  return err.problems;
}
