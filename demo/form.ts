/** Labelled form controls shared by the demo's settings views (every control has a <label for>). */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

export function select<T extends string>(
  id: string,
  label: string,
  value: T,
  options: readonly (readonly [T, string])[],
  apply: (v: T) => void,
  opts: { hint?: string; disabled?: boolean } = {},
): TemplateResult {
  return html`<div class="od-field">
    <label for=${id}>${label}</label>
    <select
      id=${id}
      .value=${live(value)}
      ?disabled=${opts.disabled ?? false}
      aria-describedby=${ifDefined(opts.hint ? `${id}-hint` : undefined)}
      @change=${(e: Event) => apply((e.target as HTMLSelectElement).value as T)}
    >
      ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
    </select>
    ${opts.hint ? html`<p class="od-muted od-hint" id=${`${id}-hint`}>${opts.hint}</p>` : nothing}
  </div>`;
}

export function check(
  id: string,
  label: string,
  checked: boolean,
  apply: (v: boolean) => void,
  hint?: string,
  disabled = false,
): TemplateResult {
  return html`<div class="od-check">
    <input
      type="checkbox"
      id=${id}
      .checked=${live(checked)}
      ?disabled=${disabled}
      aria-describedby=${ifDefined(hint ? `${id}-hint` : undefined)}
      @change=${(e: Event) => apply((e.target as HTMLInputElement).checked)}
    />
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="od-muted od-hint" id=${`${id}-hint`}>${hint}</p>` : nothing}
  </div>`;
}

/**
 * A whole-number field, clamped to [min, max] on change. `empty` (when given)
 * is what an emptied field means (e.g. null: "off"); otherwise an empty or
 * non-numeric entry puts the current value back.
 */
export function numberField(
  id: string,
  label: string,
  value: number | null,
  range: { min: number; max: number; step?: number },
  apply: (v: number | null) => void,
  opts: { hint?: string; empty?: null; disabled?: boolean } = {},
): TemplateResult {
  const onChange = (e: Event) => {
    const input = e.target as HTMLInputElement;
    if (input.value.trim() === '' && 'empty' in opts) {
      apply(null);
      return;
    }
    const n = Math.round(Number(input.value));
    if (!Number.isFinite(n) || input.value.trim() === '') {
      input.value = value === null ? '' : String(value);
      return;
    }
    const v = Math.min(range.max, Math.max(range.min, n));
    input.value = String(v);
    apply(v);
  };
  return html`<div class="od-field">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type="number"
      inputmode="numeric"
      min=${range.min}
      max=${range.max}
      step=${range.step ?? 1}
      ?disabled=${opts.disabled ?? false}
      .value=${live(value === null ? '' : String(value))}
      aria-describedby=${ifDefined(opts.hint ? `${id}-hint` : undefined)}
      @change=${onChange}
    />
    ${opts.hint ? html`<p class="od-muted od-hint" id=${`${id}-hint`}>${opts.hint}</p>` : nothing}
  </div>`;
}

/** A text field applied on change (Enter or leaving it), not on every key. */
export function textField(
  id: string,
  label: string,
  value: string,
  apply: (v: string) => void,
  opts: { describedBy?: string; placeholder?: string; maxLength?: number } = {},
): TemplateResult {
  return html`<div class="od-field">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type="text"
      autocomplete="off"
      spellcheck="false"
      maxlength=${opts.maxLength ?? 200}
      placeholder=${ifDefined(opts.placeholder)}
      .value=${live(value)}
      aria-describedby=${ifDefined(opts.describedBy)}
      @change=${(e: Event) => apply((e.target as HTMLInputElement).value)}
    />
  </div>`;
}
