// A SQL script cut into its statements, for the stores that run a script one statement at a time:
// a Citus coordinator refuses a string of several commands that touches a distributed table
// (it passes the statement's text on to the workers as one prepared statement).

/**
 * The statements of a script, in order, each without its terminating semicolon; comments and
 * blank text between statements are dropped. A semicolon ends a statement only outside quoted
 * text: string literals ('…', E'…'), quoted identifiers ("…"), dollar-quoted bodies ($tag$…$tag$),
 * and comments (-- to the end of the line, nested /* … *\/).
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  // Whether the text since `start` holds anything but blanks and comments.
  let substance = false;
  const push = (end: number) => {
    if (substance) statements.push(script.slice(start, end).trim());
    substance = false;
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
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i));
      if (tag && !/[\w$]/.test(script[i - 1] ?? ' ')) {
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
