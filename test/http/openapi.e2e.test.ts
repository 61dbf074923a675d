// The OpenAPI document as an integrator's tools read it: Redocly's recommended ruleset finds
// nothing in it (no error, no warning); every operation has a stable operationId, the names
// below, so that a generated client's methods keep their names; and the security each operation
// declares is what it does: a public one never reads credentials, one that reads them refuses
// invalid ones, and every operation answers the parameter problem it documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { readFile, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CLIENT_DIR, clientFiles } from '../../scripts/generate-client.ts';

interface Operation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: unknown;
  parameters?: Array<{ in: string; required?: boolean }>;
  responses: Record<string, unknown>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

/** Every operation's name, as generated clients call it. Renaming one breaks every client. */
const OPERATION_IDS: Record<string, string> = {
  'GET /healthz': 'getHealth',
  'POST /v1/records': 'fileRecords',
  'GET /v1/records/{recordId}': 'getRecord',
  'POST /v1/records/{recordId}/corrections': 'correctRecord',
  'GET /v1/subjects': 'searchSubjects',
  'GET /v1/subjects/{code}': 'getPublicProfile',
  'GET /v1/subjects/{code}/record': 'getSubjectRecord',
  'GET /v1/subjects/{code}/access-log': 'getAccessLog',
  'GET /v1/me': 'getOwnRecord',
  'GET /v1/catalogue': 'getCatalogue',
  'GET /v1/publicity-rules': 'getPublicityRules',
  'POST /v1/session': 'logIn',
  'DELETE /v1/session': 'logOut',
  'GET /v1/lists': 'listLists',
  'GET /v1/lists/{code}': 'getList',
  'GET /v1/lists/{code}/entries': 'listEntriesOnDay',
  'POST /v1/lists/{code}/entries': 'proposeListEntry',
  'GET /v1/lists/{code}/changes': 'followListChanges',
  'GET /v1/list-entries/{id}': 'getListEntry',
  'POST /v1/list-entries/{id}/{step}': 'takeListEntryStep',
  'POST /v1/objections': 'fileObjection',
  'GET /v1/objections/{id}': 'getObjection',
  'POST /v1/objections/{id}/decision': 'decideObjection',
  'GET /v1/repairs/eligibility': 'getRepairEligibility',
  'POST /v1/repairs': 'applyForRepair',
  'GET /v1/repairs/{id}': 'getRepair',
  'POST /v1/repairs/{id}/decision': 'decideRepair',
  'GET /v1/agency/queue': 'getAgencyQueue',
  'GET /v1/escalations': 'listEscalations',
  'GET /v1/measures': 'listMeasures',
  'GET /v1/scenarios': 'listScenarios',
  'POST /v1/checks': 'runCheck',
  'POST /v1/screening': 'screenBatch',
  'POST /v1/checks/{id}/feedback': 'reportCheckFeedback',
  'GET /v1/statistics/measures': 'getMeasureStatistics',
  'GET /v1/me/checks': 'listChecksAboutMe',
  'GET /v1/scorecards': 'listScorecards',
  'GET /v1/evaluations/{code}': 'getEvaluations',
  'GET /v1/evaluations/{code}/history': 'getEvaluationHistory',
  'POST /v1/evaluations/{code}/override': 'overrideTier',
  'POST /v1/inspections/draws': 'drawInspections',
  'GET /v1/inspections/draws/{id}': 'getInspectionDraw',
  'GET /v1/inspections/draws/{id}/verify': 'verifyInspectionDraw',
  'GET /v1/reports/public-key': 'getReportPublicKey',
  'POST /v1/reports': 'issueReport',
  'GET /v1/reports/{code}': 'getReport',
  'GET /v1/reports/{code}/pdf': 'getReportPdf',
  'GET /v1/reports/{code}/html': 'getReportHtml',
  'GET /v1/reports/{code}/verify': 'verifyReport',
  'GET /v1/exports/lists/{code}': 'exportList',
  'GET /v1/exports/lists/{code}/manifest': 'getListExportManifest',
  'GET /v1/exports/lists/{code}/delta': 'exportListDelta',
  'GET /v1/exports/records': 'exportPublicRecords',
  'GET /v1/exports/records/manifest': 'getPublicRecordsManifest',
  'GET /v1/exports/records/delta': 'exportPublicRecordsDelta',
  'POST /v1/webhooks': 'subscribeWebhook',
  'GET /v1/webhooks': 'listWebhooks',
  'DELETE /v1/webhooks/{id}': 'endWebhook',
  'GET /v1/webhooks/{id}/deliveries': 'listWebhookDeliveries',
  'POST /v1/webhooks/{id}/replay': 'replayWebhook',
  'GET /v1/log/checkpoint': 'getLatestCheckpoint',
  'GET /v1/log/checkpoints/{id}': 'getCheckpoint',
  'GET /v1/log/keys': 'getLogKeys',
  'GET /v1/log/entries/{log}/{index}': 'getLogEntry',
  'GET /v1/log/proofs/inclusion': 'getInclusionProof',
  'GET /v1/log/proofs/consistency': 'getConsistencyProofs',
  'POST /v1/log/cosignatures': 'addCosignature',
  'POST /v1/credit-consents': 'recordConsent',
  'GET /v1/credit-consents': 'listConsents',
  'POST /v1/credit-consents/{reference}/withdrawal': 'withdrawConsent',
  'POST /v1/credit-inquiries': 'inquireIntoCredit',
  'GET /v1/credit-inquiries': 'listInquiries',
  'GET /v1/me/credit-report': 'getOwnCreditReport',
  'GET /v1/me/credit-score-history': 'getOwnScoreHistory',
  'POST /v1/me/credit-objections': 'objectToCreditAccount',
  'GET /v1/me/credit-objections': 'listOwnCreditObjections',
  'PUT /v1/me/credit-statement': 'putPersonalStatement',
  'GET /v1/furnishing/objections': 'listObjectionsToAnswer',
  'POST /v1/furnishing/objections/{id}/answer': 'answerCreditObjection',
  'GET /v1/credit-objections': 'listCreditObjections',
  'POST /v1/furnishing/batches': 'furnishBatch',
  'GET /v1/furnishing/batches': 'listBatches',
  'GET /v1/furnishing/accounts/{account}/statements/{month}': 'getAccountMonth',
};

/** What an operation that reads credentials answers before it reads them, for a path of placeholders. */
const BEFORE_CREDENTIALS: Record<string, number[]> = {
  getReport: [404],
  getReportPdf: [404],
  getReportHtml: [404],
  getLogEntry: [422],
  getAccountMonth: [422],
};

describe('the OpenAPI document', () => {
  let t: TestPlatform;
  let server: RunningServer;
  let doc: Document;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })),
    );

  beforeAll(async () => {
    t = await openTestPlatform('pglite');
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Document;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it("passes Redocly's recommended ruleset with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: `${server.url}/openapi.json`, config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('names every operation as generated clients call it, each name once', () => {
    const ids = Object.fromEntries(operations().map(({ key, op }) => [key, op.operationId]));
    expect(ids).toEqual(OPERATION_IDS);
    for (const id of Object.values(ids)) expect(id).toMatch(/^[a-z]+(?:[A-Z][a-z]*)+$/);
  });

  it('is the document the committed TypeScript client was generated from (else: npm run client)', async () => {
    const files = await clientFiles(doc as unknown as Record<string, unknown>);
    for (const [name, text] of Object.entries(files)) expect(await readFile(CLIENT_DIR + name, 'utf8'), `clients/typescript/${name}`).toBe(text);
  });

  it('builds the client into a package that calls the API on its own', async () => {
    const out = new URL('../../test-artifacts/client-dist/', import.meta.url).pathname;
    await rm(out, { recursive: true, force: true });
    const tsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
    await promisify(execFile)(process.execPath, [tsc, '-p', `${CLIENT_DIR}tsconfig.json`, '--outDir', out]);
    const built = (await import(pathToFileURL(`${out}index.js`).href)) as typeof import('../../clients/typescript/src/index.ts');
    const client = built.createXinyongClient({ baseUrl: server.url });
    const { data, response } = await client.GET('/v1/scenarios');
    expect(response.status).toBe(200);
    expect(data!.scenarios.map((s) => s.code)).toContain('procurement-bid');
    const declarations = await readFile(`${out}index.d.ts`, 'utf8');
    expect(declarations).toContain('export declare function createXinyongClient');
  });

  it('declares security on every operation, and each does what it declares', async () => {
    for (const { key, path, method, op } of operations()) {
      expect(op.security, key).toBeDefined();
      // An invalid token: refused wherever credentials are read, ignored where none are.
      const url = server.url + path.replace(/\{[^}]+\}/g, 'x');
      const res = await fetch(url, { method: method.toUpperCase(), headers: { authorization: 'Bearer xyk.nobody.nothing' } });
      await res.arrayBuffer();
      if (op.security!.length === 0) expect(res.status, key).not.toBe(401);
      // Logging out a token that is no session's leaves it logged out.
      else if (op.operationId === 'logOut') expect(res.status, key).toBe(204);
      // A body, a required query and a malformed path are refused before the caller is known, and
      // a report is looked up before its reader (a public one needs none); else credentials come first.
      else if (!op.requestBody && !op.parameters?.some((p) => p.in === 'query' && p.required))
        expect([401, ...(BEFORE_CREDENTIALS[op.operationId!] ?? [])], key).toContain(res.status);
    }
  });

  it('turns away a caller without credentials wherever credentials are required', async () => {
    for (const { key, path, method, op } of operations()) {
      if (!op.security?.length || op.security.some((r) => Object.keys(r).length === 0)) continue;
      if (op.requestBody || op.parameters?.some((p) => p.in === 'query' && p.required)) continue;
      const res = await fetch(server.url + path.replace(/\{[^}]+\}/g, 'x'), { method: method.toUpperCase() });
      await res.arrayBuffer();
      expect([401, ...(BEFORE_CREDENTIALS[op.operationId!] ?? [])], key).toContain(res.status);
    }
  });

  it('answers a parameter with a control character with the validation problem every operation documents', async () => {
    for (const { key, path, method, op } of operations()) {
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('4')),
        key,
      ).toBe(true);
      if (path.includes('{') || method !== 'get') continue;
      const res = await fetch(`${server.url}${path}?q=%00`);
      expect(res.status, key).toBe(422);
      expect(((await res.json()) as { type: string }).type, key).toBe('/problems/validation-failed');
    }
  });
});
