// A SQL script cut into its statements, for the stores that run a script one statement at a time:
// a Citus coordinator refuses a string of several commands that touches a distributed table
// (it passes the statement's text on to the workers as one prepared statement).

// PostgreSQL's identifiers (and dollar-quote tags) take any non-ASCII character as a letter.
const IDENTIFIER = /^[A-Za-z_\u0080-\u{10FFFF}][A-Za-z0-9_$\u0080-\u{10FFFF}]*/u;
const IDENTIFIER_PART = /^[A-Za-z0-9_$\u0080-\u{10FFFF}]/u;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\u{10FFFF}][A-Za-z0-9_\u0080-\u{10FFFF}]*)?\$/u;

/**
 * The statements of a script, in order, each without its terminating semicolon; comments and
 * blank text between statements are dropped. A semicolon ends a statement only outside quoted
 * text: string literals ('…', E'…'), quoted identifiers ("…"), dollar-quoted bodies ($tag$…$tag$),
 * and comments (-- to the end of the line, nested /* … *\/). A tag, like an identifier, may hold
 * any non-ASCII letter. Bodies whose semicolons belong to the statement without quotes (a
 * function's BEGIN ATOMIC … END, a rule's DO (…; …)) are refused with an error, not cut.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  // Whether the text since `start` holds anything but blanks and comments.
  let substance = false;
  // The last word outside quoted text, and the depth of parentheses, in the statement so far.
  let word = '';
  let depth = 0;
  const push = (end: number) => {
    if (substance) statements.push(script.slice(start, end).trim());
    substance = false;
    word = '';
    depth = 0;
  };
  const refuse = (what: string) => {
    const line = script.slice(0, i).split('\n').length;
    throw new Error(`line ${line}: ${what}, whose semicolons cannot be told from those between statements: put the statement in a script of its own, or write its body dollar-quoted`);
  };
  while (i < script.length) {
    const c = script[i]!;
    if (c === '-' && script[i + 1] === '-') {
      const eol = script.indexOf('\n', i);
      i = eol === -1 ? script.length : eol + 1;
      if (!substance) start = i;
      continue;
    }
    if (c === '/' && script[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < script.length && depth > 0) {
        if (script[i] === '/' && script[i + 1] === '*') (depth++, (i += 2));
        else if (script[i] === '*' && script[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
      if (!substance) start = i;
      continue;
    }
    if (c === ';') {
      if (depth > 0) refuse('a semicolon inside parentheses (a rule\'s DO (…; …))');
      push(i);
      i++;
      start = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      if (!substance) start = i;
      continue;
    }
    substance = true;
    const w = IDENTIFIER.exec(script.slice(i, i + 64));
    if (w && !IDENTIFIER_PART.test(script[i - 1] ?? ' ')) {
      const next = w[0].toLowerCase();
      if (word === 'begin' && next === 'atomic') refuse('a BEGIN ATOMIC … END body');
      word = next;
      i += w[0].length;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (c === "'") {
      // E'…' takes backslash escapes; every literal takes a doubled quote.
      const escapes = i > 0 && (script[i - 1] === 'E' || script[i - 1] === 'e') && !/[\w$]/.test(script[i - 2] ?? ' ');
      i++;
      while (i < script.length) {
        if (escapes && script[i] === '\\') i += 2;
        else if (script[i] === "'" && script[i + 1] === "'") i += 2;
        else if (script[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < script.length) {
        if (script[i] === '"' && script[i + 1] === '"') i += 2;
        else if (script[i] === '"') break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '$') {
      // $tag$ opens a dollar-quoted body unless the $ continues an identifier or is a parameter ($1).
      const tag = DOLLAR_TAG.exec(script.slice(i));
      if (tag && !IDENTIFIER_PART.test(script[i - 1] ?? ' ')) {
        const close = script.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? script.length : close + tag[0].length;
        continue;
      }
    }
    i++;
  }
  push(script.length);
  return statements;
}
