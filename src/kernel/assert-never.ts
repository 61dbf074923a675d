// assertNever is pure and lives in the domain, the bottom layer, so every layer can end its switches with it.
export { assertNever } from '../domain/assert-never.ts';
