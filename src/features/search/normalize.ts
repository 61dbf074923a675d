// The forms a subject's name is searched by, and the classification of a search query. Pure:
// tables are built once at load (traditional to simplified from OpenCC's character dictionaries)
// or cached per character (readings from pinyin-pro), so a name costs a few microseconds. The
// same folding is applied to names when they are indexed and to queries when they are asked.
import { pinyin, polyphonic } from 'pinyin-pro';
import { configs as openccConfigs } from 'opencc-js/preset/t2cn';
import type { DictGroup, DictLike } from 'opencc-js/core';
import { normaliseCode, USCC_ALPHABET } from '../../domain/ids/uscc.ts';

export interface SearchForms {
  /** Simplified, half-width, lower-case, without brackets, white space or punctuation. */
  folded: string;
  /** Full pinyin without tones or spaces (ü written v): huaweijishuyouxiangongsi. */
  pinyin: string;
  /** First letters of the syllables: hwjsyxgs. Latin letters and digits in a name stay as they are. */
  initials: string;
}

// ------------------------------------------------------------------ traditional to simplified

/**
 * One code point to one replacement, composed from OpenCC's dictionaries in the order its
 * tw2s/hk2s conversions apply them: compatibility ideographs, Taiwan and Hong Kong variants,
 * then traditional characters. Characters only, not OpenCC's phrases: a name and a query are
 * folded alike, so what matters is that the mapping is the same for both and never turns a
 * simplified character into another.
 */
const T2S_BMP = new Uint16Array(0x10000);
const T2S_ASTRAL = new Map<number, string>();

/** Characters OpenCC maps although they are also ordinary simplified characters. */
const KEEP = new Set(['乾']);

function dictPairs(dict: DictLike): Array<readonly [string, string]> {
  if (typeof dict !== 'string') return dict.map(([a, b]) => [a, b] as const);
  const out: Array<readonly [string, string]> = [];
  for (const entry of dict.split('|')) {
    const sp = entry.indexOf(' ');
    if (sp <= 0) continue;
    const to = entry.slice(sp + 1).split(' ')[0]!;
    out.push([entry.slice(0, sp), to]);
  }
  return out;
}

function charMap(groups: readonly DictGroup[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const group of groups) {
    for (const dict of group) {
      for (const [from, to] of dictPairs(dict)) {
        // Single characters only (phrases would need segmentation); the first entry wins.
        if ([...from].length === 1 && [...to].length === 1 && !m.has(from)) m.set(from, to);
      }
    }
  }
  return m;
}

(() => {
  const cfg = openccConfigs as Record<string, { conversionChain: readonly DictGroup[]; normalizationChain?: readonly DictGroup[] }>;
  const t2s = cfg.t2s!;
  const compat = charMap(t2s.normalizationChain ?? []);
  const chars = charMap(t2s.conversionChain);
  // The regional variant steps are the first group of tw2s and hk2s.
  const tw = charMap(cfg.tw2s!.conversionChain.slice(0, 1));
  const hk = charMap(cfg.hk2s!.conversionChain.slice(0, 1));
  const keys = new Set([...compat.keys(), ...chars.keys(), ...tw.keys(), ...hk.keys()]);
  for (const c of keys) {
    if (KEEP.has(c)) continue;
    const base = compat.get(c) ?? c;
    let out = chars.get(base);
    if (out === undefined) {
      // A regional variant is replaced only when the standard form it names has a simplification.
      const v = tw.get(base) ?? hk.get(base);
      out = v !== undefined ? chars.get(v) : undefined;
    }
    if (out === undefined && base !== c) out = base;
    if (out === undefined || out === c) continue;
    const cp = c.codePointAt(0)!;
    if (cp < 0x10000 && out.length === 1) T2S_BMP[cp] = out.charCodeAt(0);
    else T2S_ASTRAL.set(cp, out);
  }
})();

/** CJK unified ideographs (basic, extension A, compatibility, extensions B to H) and 〇. */
function isHan(cp: number): boolean {
  if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  if (cp >= 0x3400 && cp <= 0x4dbf) return true;
  if (cp >= 0xf900 && cp <= 0xfaff) return true;
  return (cp >= 0x20000 && cp <= 0x323af) || cp === 0x3007;
}

const OTHER_LETTER = /^[\p{L}\p{N}]$/u;

/**
 * The folded form: traditional characters simplified, full-width ASCII made half-width, letters
 * lower-cased, and everything that is not a letter, digit or Han character removed (brackets of
 * both widths, white space, punctuation, symbols).
 */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
        const ch = String.fromCodePoint(cp);
        if (isHan(cp)) out += T2S_ASTRAL.get(cp) ?? ch;
        else if (OTHER_LETTER.test(ch)) out += ch.toLowerCase();
        continue;
      }
    }
    if (cp < 0x80) {
      if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a)) out += text[i];
      else if (cp >= 0x41 && cp <= 0x5a) out += String.fromCharCode(cp + 32);
      continue;
    }
    if (cp >= 0xff01 && cp <= 0xff5e) {
      // Full-width ASCII: digits and letters fold; full-width punctuation and brackets go.
      const h = cp - 0xfee0;
      if ((h >= 0x30 && h <= 0x39) || (h >= 0x61 && h <= 0x7a)) out += String.fromCharCode(h);
      else if (h >= 0x41 && h <= 0x5a) out += String.fromCharCode(h + 32);
      continue;
    }
    if (isHan(cp)) {
      const s = T2S_BMP[cp]!;
      out += s !== 0 ? String.fromCharCode(s) : text[i];
      continue;
    }
    const ch = text[i]!;
    if (OTHER_LETTER.test(ch)) out += ch.toLowerCase();
  }
  return out;
}

// ------------------------------------------------------------------ pinyin

/**
 * Readings come from pinyin-pro. Calling it per name is slow (it matches the name against its
 * whole word list), so a name is spelled from cached per-character readings, and
 * pinyin-pro reads a run of Han characters in context only when the run holds one of its words
 * that reads a character other than alone (银行 yinhang, 重庆 chongqing, 长沙 changsha).
 * Without such a word, pinyin-pro gives every character its reading alone: the two agree.
 */
const PINYIN_OPTIONS = { toneType: 'none', type: 'array', v: true } as const;
const SURNAME_PRIORITY = 10;

interface Pattern {
  zh: string;
  pinyin: string;
  priority: number;
}

// pinyin-pro's word list is not part of its typed API (the path is exported as ./dist/*); if it
// cannot be read, every character with more than one reading sends its run to pinyin-pro.
const PATTERNS_MODULE: string = 'pinyin-pro/dist/esm/data/patterns.mjs';
const patterns: Pattern[] | null = await import(PATTERNS_MODULE).then(
  (m: { PatternsNormal?: unknown }) => (Array.isArray(m.PatternsNormal) ? (m.PatternsNormal as Pattern[]) : null),
  () => null,
);

const SYLLABLE = new Map<number, string>();
/** Characters some word reads differently from the character alone, and those words. */
let deviantChars: Set<string> | null = null;
let deviantWords: Set<string> = new Set();
let longestWord = 0;
/** Fallback without the word list: characters with more than one reading. */
const POLYPHONIC = new Map<number, boolean>();

function toneless(s: string): string {
  return s
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '');
}

function syllableOf(cp: number, ch: string): string {
  let s = SYLLABLE.get(cp);
  if (s === undefined) {
    s = (pinyin(ch, PINYIN_OPTIONS)[0] ?? ch).replace(/ü/g, 'v');
    SYLLABLE.set(cp, s);
  }
  return s;
}

function buildDeviants(list: readonly Pattern[]): void {
  const chars = new Set<string>();
  const words = new Set<string>();
  for (const p of list) {
    // Surname readings apply only in pinyin-pro's surname mode, which names of organisations never use.
    if (p.priority === SURNAME_PRIORITY) continue;
    const cs = [...p.zh];
    const ps = p.pinyin.split(' ');
    if (cs.length !== ps.length || cs.length < 2) continue;
    let deviant = false;
    cs.forEach((c, i) => {
      if (toneless(ps[i]!) !== syllableOf(c.codePointAt(0)!, c)) {
        chars.add(c);
        deviant = true;
      }
    });
    if (deviant) {
      words.add(p.zh);
      if (cs.length > longestWord) longestWord = cs.length;
    }
  }
  deviantChars = chars;
  deviantWords = words;
}

function polyphonicChar(cp: number, ch: string): boolean {
  let p = POLYPHONIC.get(cp);
  if (p === undefined) {
    p = new Set((polyphonic(ch, PINYIN_OPTIONS)[0] ?? []).map((s) => s.replace(/ü/g, 'v'))).size > 1;
    POLYPHONIC.set(cp, p);
  }
  return p;
}

/** Whether the run (Han characters only) needs pinyin-pro's reading in context. */
function needsContext(run: string): boolean {
  if (patterns === null) {
    for (const ch of run) if (polyphonicChar(ch.codePointAt(0)!, ch)) return true;
    return false;
  }
  if (deviantChars === null) buildDeviants(patterns);
  const cs = run.length === [...run].length ? null : [...run];
  const n = cs ? cs.length : run.length;
  const at = (i: number, len: number) => (cs ? cs.slice(i, i + len).join('') : run.slice(i, i + len));
  for (let j = 0; j < n; j++) {
    if (!deviantChars!.has(cs ? cs[j]! : run[j]!)) continue;
    for (let len = 2; len <= longestWord && len <= n; len++) {
      for (let i = Math.max(0, j - len + 1); i <= j && i + len <= n; i++) if (deviantWords.has(at(i, len))) return true;
    }
  }
  return false;
}

/**
 * The syllables of a folded name, one per character: pinyin for Han characters (in context
 * where a word reads a character differently), the character itself for letters and digits.
 */
export function syllables(folded: string): string[] {
  const out: string[] = [];
  let runStart = -1; // index in out where the current run of Han characters starts
  let runText = '';
  const flush = () => {
    if (runStart >= 0 && out.length - runStart > 1 && needsContext(runText)) {
      const ps = pinyin(runText, PINYIN_OPTIONS);
      // One syllable per Han character; anything else keeps the readings alone.
      if (ps.length === out.length - runStart) for (let k = 0; k < ps.length; k++) out[runStart + k] = ps[k]!.replace(/ü/g, 'v');
    }
    runStart = -1;
    runText = '';
  };
  for (const ch of folded) {
    const cp = ch.codePointAt(0)!;
    if (isHan(cp)) {
      if (runStart < 0) runStart = out.length;
      runText += ch;
      out.push(syllableOf(cp, ch));
    } else {
      flush();
      out.push(ch);
    }
  }
  flush();
  return out;
}

/** The search forms of a subject's name. */
export function searchForms(name: string): SearchForms {
  const folded = fold(name);
  const sy = syllables(folded);
  let py = '';
  let initials = '';
  for (const s of sy) {
    py += s;
    initials += s[0] ?? '';
  }
  return { folded, pinyin: py, initials };
}

// ------------------------------------------------------------------ queries

/** Longest query considered (longer input is cut): names are far shorter. */
export const MAX_QUERY_LENGTH = 100;

export type QueryForms =
  | { kind: 'empty' }
  /** A whole Unified Social Credit Code (18 characters of the code alphabet). */
  | { kind: 'code'; code: string }
  /** The beginning of a code; `latin` when it is letters only and could also be initials (HWJ). */
  | { kind: 'code-prefix'; prefix: string; latin: string | null }
  /** Text with Han characters (and possibly letters and digits), folded like names. */
  | { kind: 'chinese'; folded: string }
  /** Latin letters (and digits): pinyin, initials or a latin part of a name. */
  | { kind: 'latin'; latin: string };

const CODE_CHARS = new Set(USCC_ALPHABET);
const HAN_RE = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{323af}]/u;

/** Classifies and normalises a search query. */
export function queryForms(q: string): QueryForms {
  const text = q.length > MAX_QUERY_LENGTH ? q.slice(0, MAX_QUERY_LENGTH) : q;
  if (!HAN_RE.test(text)) {
    // Codes are typed or pasted with spaces or hyphens, in either width and case.
    const compact = normaliseCode(text).replace(/[\s\-\u3000]+/g, '');
    const raw = text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[\s\-\u3000]+/g, '');
    const allCode = compact.length >= 2 && [...compact].every((c) => CODE_CHARS.has(c));
    // Every code has digits (the division code); letters alone are pinyin or initials.
    if (allCode && compact.length === 18 && /[0-9]/.test(compact)) return { kind: 'code', code: compact };
    // Lower-case letters without digits are pinyin or initials, not a code.
    if (allCode && compact.length < 18 && (/[0-9]/.test(compact) || raw === compact)) {
      return { kind: 'code-prefix', prefix: compact, latin: /^[A-Z]+$/.test(compact) ? compact.toLowerCase() : null };
    }
  }
  const folded = fold(text);
  if (folded.length === 0) return { kind: 'empty' };
  if (HAN_RE.test(folded)) return { kind: 'chinese', folded };
  return { kind: 'latin', latin: folded.replace(/ü/g, 'v') };
}
