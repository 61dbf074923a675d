// Generates the TypeScript client's API description from this version's OpenAPI document:
// clients/typescript/openapi.json (the document) and clients/typescript/src/schema.ts (its types,
// by openapi-typescript). `npm run client` runs it; a test fails while either is out of date.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../src/app/http/openapi-document.ts';

export const CLIENT_DIR = fileURLToPath(new URL('../clients/typescript/', import.meta.url));

const HEADER = '// Generated from openapi.json by openapi-typescript (npm run client in the xinyong repository). Do not edit.\n\n';

/** The client's two generated files, from a document. */
export async function clientFiles(doc: Record<string, unknown>): Promise<{ 'openapi.json': string; 'src/schema.ts': string }> {
  const types = astToString(await openapiTS(doc as never, { alphabetize: true }));
  return { 'openapi.json': `${JSON.stringify(doc, null, 2)}\n`, 'src/schema.ts': HEADER + types };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await clientFiles(await openApiDocument());
  for (const [name, text] of Object.entries(files)) await writeFile(CLIENT_DIR + name, text);
  console.log(
    `wrote ${Object.keys(files)
      .map((f) => `clients/typescript/${f}`)
      .join(' and ')}`,
  );
}
