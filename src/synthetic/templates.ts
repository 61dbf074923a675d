// Templates of decisions: the provisions violated, facts and legal bases of administrative
// penalties by agency kind and industry, licences, honours and the texts of court decisions and
// lists, read once from data/templates.json. Articles are those commonly cited in published
// decisions; they are demo content, not legal advice.
import { readFileSync } from 'node:fs';
import type { AdministrativeRole } from './agencies.ts';
import type { IndustryTag } from './names.ts';

export type Severity = 'minor' | 'general' | 'serious';

export interface PenaltyTemplate {
  /** The agency kind that decides. */
  kind: string;
  role?: AdministrativeRole;
  /** Industries it applies to; absent means any business. */
  tags?: readonly IndustryTag[];
  /** Also for social organisations / public institutions / individual businesses. */
  subjects: 'business' | 'social' | 'public' | 'any';
  provision: string;
  facts: readonly string[];
  basis: string;
  severities: readonly Severity[];
  /** City-level decisions (tax inspection, environment) instead of the subject's own district. */
  city?: boolean;
  weight: number;
}

export interface LicenceTemplate {
  kind: string;
  role?: AdministrativeRole;
  name: string;
  type: 'general' | 'special' | 'approval' | 'certification' | 'registration' | 'other';
  content: string;
  basis: string;
  years: number;
  /** How the number is formed. */
  number: 'food' | 'drug' | 'road' | 'discharge' | 'construction' | 'hazchem' | 'customs' | 'medical' | 'school' | 'device' | 'elderly' | 'realestate';
  city?: boolean;
}

export interface HonourTemplate {
  kind: string;
  role?: AdministrativeRole;
  title: string;
  levels: readonly ('national' | 'provincial' | 'municipal' | 'county')[];
  for: 'business' | 'social' | 'public' | 'any';
  basis: string;
}

export type CommitmentType = 'licence-application' | 'credit-repair' | 'self-declared' | 'industry-self-discipline';

/** A kind of major tax violation: its code in the pack, the facts and the article of the rules on publishing it. */
export interface TaxViolationTemplate {
  type: string;
  facts: string;
  article: string;
  weight: number;
}

/** data/templates.json. */
interface TemplatesFile {
  about: string;
  penalties: PenaltyTemplate[];
  /** By the generator's own name for the licence. */
  licences: Record<string, LicenceTemplate>;
  honours: HonourTemplate[];
  /** Contracts between businesses. */
  contractNames: string[];
  /** Contracts of government bodies and public institutions with businesses. */
  governmentContracts: string[];
  /** What a judgment defaulter was ordered to do. */
  obligations: string[];
  procurementViolations: string[];
  safetyViolations: string[];
  taxViolations: TaxViolationTemplate[];
  /** The findings of an inspection by its result (none for no-problem-found). */
  inspectionFindings: Record<string, string>;
  /** The text a subject signs, by type of commitment. */
  commitments: Record<CommitmentType, string>;
}

const TEMPLATES = JSON.parse(readFileSync(new URL('./data/templates.json', import.meta.url), 'utf8')) as TemplatesFile;

export const PENALTY_TEMPLATES: readonly PenaltyTemplate[] = TEMPLATES.penalties;
export const LICENCES: Readonly<Record<string, LicenceTemplate>> = TEMPLATES.licences;
export const HONOURS: readonly HonourTemplate[] = TEMPLATES.honours;
export const CONTRACT_NAMES: readonly string[] = TEMPLATES.contractNames;
export const GOVERNMENT_CONTRACTS: readonly string[] = TEMPLATES.governmentContracts;
export const OBLIGATIONS: readonly string[] = TEMPLATES.obligations;
export const PROCUREMENT_VIOLATIONS: readonly string[] = TEMPLATES.procurementViolations;
export const SAFETY_VIOLATIONS: readonly string[] = TEMPLATES.safetyViolations;
export const TAX_VIOLATIONS: readonly TaxViolationTemplate[] = TEMPLATES.taxViolations;
export const INSPECTION_FINDINGS: Readonly<Record<string, string>> = TEMPLATES.inspectionFindings;
export const COMMITMENTS: Readonly<Record<CommitmentType, string>> = TEMPLATES.commitments;
