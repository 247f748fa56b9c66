/**
 * HTML built with a tagged template that escapes every interpolated value by
 * default: free text typed by one user can never run as markup for another.
 * Only `SafeHtml` (the result of `html` or an explicit `raw`) passes through.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\`` escapes `text`; arrays are joined; null, undefined and booleans render nothing. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Trusted markup only (server-rendered SVG from our own chart code, JSON made safe by `jsonAttr`). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A value for an HTML attribute holding JSON (escaped like any text). */
export function jsonAttr(value: unknown): string {
  return JSON.stringify(value);
}

/** `attrs({ required: true, 'aria-describedby': 'a b' })` → ` required aria-describedby="a b"`; false/undefined are left out. */
export function attrs(map: Record<string, string | number | boolean | undefined | null>): SafeHtml {
  let out = '';
  for (const [name, value] of Object.entries(map)) {
    if (value === undefined || value === null || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return new SafeHtml(out);
}
