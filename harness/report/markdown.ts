/**
 * Markdown building blocks for summary.md. What goes into them is partly the IUT's (a check's message
 * quotes what the server answered), and the page they land on (a GitHub job summary, a GitLab MR note)
 * renders Markdown and some HTML: every text is escaped so that it shows as text and can neither
 * break a table, open a link or an image, nor become HTML.
 * @module
 */

/** Inline text: one line, Markdown's inline punctuation backslash-escaped, at most `max` characters. */
export function text(s: string, max = 300): string {
  const line = s
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return cut.replace(/[\\`*_[\]<>|~&!#]/g, '\\$&');
}

/** An inline code span for ids and paths (never holding a backtick or a pipe, which break tables). */
export function code(s: string): string {
  return `\`${s.replace(/[`|\r\n]/g, ' ')}\``;
}

/** A link only to an absolute http(s) address; anything else is shown as text. The title shows on hover. */
export function link(label: string, url: string | undefined, title?: string): string {
  let parsed: URL | undefined;
  try {
    parsed = url === undefined ? undefined : new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) return text(label);
  // href is percent-encoded by URL; parentheses are not, and one would end the link.
  const href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  const hover = title ? ` "${text(title, 200).replace(/"/g, '\\"')}"` : '';
  return `[${text(label)}](${href}${hover})`;
}

/** A GitHub-flavoured Markdown table. Cells must already be escaped (text, code, link). */
export function table(header: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const sep = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
