// The published policy: the catalogue of record types and the publicity rules.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Policy } from '../../domain/policy/policy.ts';
import { PUBLIC } from '../../http/schemas.ts';
import { AgencyKindSchema, CatalogueItemSchema, CatalogueSchema, PackManifestSchema, PublicitySchema } from '../../domain/policy/schema.ts';

export function catalogueRoutes(app: FastifyInstance, deps: { policy: Policy }): void {
  const p = deps.policy;
  app.get(
    '/v1/catalogue',
    {
      schema: {
        operationId: 'getCatalogue',
        security: PUBLIC,
        tags: ['policy'],
        summary: 'The catalogue of record types, with legal bases, fields and disclosure levels',
        response: {
          200: Type.Object({
            policyVersion: Type.String(),
            pack: PackManifestSchema,
            decisionDisclosure: CatalogueSchema.properties.decisionDisclosure,
            agencyKinds: Type.Array(AgencyKindSchema),
            items: Type.Array(CatalogueItemSchema),
          }),
        },
      },
    },
    async () => ({
      policyVersion: p.version,
      pack: p.manifest,
      decisionDisclosure: p.decisionDisclosure,
      agencyKinds: p.agencyKinds,
      items: p.items,
    }),
  );
  app.get(
    '/v1/publicity-rules',
    {
      schema: {
        operationId: 'getPublicityRules',
        security: PUBLIC,
        tags: ['policy'],
        summary: 'Publicity classes and the rule versions that set their windows',
        response: { 200: Type.Object({ policyVersion: Type.String(), timeZone: Type.String(), ...PublicitySchema.properties }) },
      },
    },
    async () => ({
      policyVersion: p.version,
      timeZone: p.manifest.timeZone,
      ...p.publicity,
    }),
  );
}
