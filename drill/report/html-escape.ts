/** Escape text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Tagged template: every interpolated value is escaped unless it is `raw(...)` markup. */
export function html(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number | Markup | readonly Markup[]>): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Markup(out);
}

/** Markup already escaped (built by `html` or `raw`). */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Trusted markup, e.g. the page's own CSS. Never for a value that came from a report. */
export const raw = (text: string): Markup => new Markup(text);

function render(value: string | number | Markup | readonly Markup[]): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map((m: Markup) => m.text).join("");
  return escapeHtml(String(value));
}
