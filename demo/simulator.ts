/** "Simulate incoming work": raise any scenario, or a malformed frame. */
import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { SIM_KINDS, simKind, type SimKey } from './data.js';
import type { SimValues } from './data.js';
import { icon } from './icons.js';
import type { Actions } from './state.js';
import type { ConnectionState } from '../src/services/protocol/types.js';

export function simulatorView(sim: SimValues, connection: ConnectionState, actions: Actions): TemplateResult {
  const kind = simKind(sim.kind);
  const onInput = (key: keyof SimValues) => (e: Event) =>
    actions.setSim({ [key]: (e.target as HTMLInputElement).value } as Partial<SimValues>);
  return html`
    <section class="od-card" id="od-sim" aria-labelledby="od-sim-title">
      <div class="od-card-head">
        <h2 id="od-sim-title">${icon('bolt', 18)} Simulate incoming work</h2>
      </div>
      <form
        class="od-form"
        @submit=${(e: Event) => {
          e.preventDefault();
          actions.raise();
        }}
      >
        <div class="od-field">
          <label for="od-sim-scenario">Scenario</label>
          <select
            id="od-sim-scenario"
            name="scenario"
            .value=${live(sim.kind)}
            @change=${(e: Event) => actions.setSim({ kind: (e.target as HTMLSelectElement).value as SimKey })}
          >
            ${SIM_KINDS.map((k) => html`<option value=${k.key} ?selected=${k.key === sim.kind}>${k.label}</option>`)}
          </select>
        </div>
        <div class="od-field-pair">
          <div class="od-field">
            <label for="od-sim-name">Customer name</label>
            <input id="od-sim-name" name="name" autocomplete="off" .value=${live(sim.name)} @input=${onInput('name')} />
          </div>
          <div class="od-field">
            <label for="od-sim-phone">Phone</label>
            <input
              id="od-sim-phone"
              name="phone"
              type="tel"
              autocomplete="off"
              .value=${live(sim.phone)}
              @input=${onInput('phone')}
            />
          </div>
        </div>
        <div class="od-field">
          <label for="od-sim-comment">Comment</label>
          <textarea id="od-sim-comment" name="comment" rows="2" .value=${live(sim.comment)} @input=${onInput('comment')}></textarea>
        </div>
        <p class="od-hint od-muted">
          ${kind.toast
            ? 'Arrives as a toast, assigned to you by a colleague.'
            : 'Arrives as an alert; a colleague gets it if you reject it or let it time out.'}
        </p>
        <div class="od-actions">
          <button type="submit" class="od-btn od-btn-primary">Raise</button>
          <button type="button" class="od-btn" @click=${() => actions.malformed()}>Send malformed message</button>
          <button type="button" class="od-btn" @click=${() => actions.toggleNetwork()}>
            ${connection === 'open' ? 'Drop connection' : 'Restore connection'}
          </button>
        </div>
      </form>
      <div class="od-quick" role="group" aria-labelledby="od-quick-title">
        <h3 id="od-quick-title" class="od-subhead">Quick raise</h3>
        <div class="od-quick-grid">
          ${SIM_KINDS.map(
            (k) => html`<button
              type="button"
              class="od-btn od-btn-chip"
              aria-label=${`Raise ${k.label}`}
              @click=${() => actions.quickRaise(k.key)}
            >
              ${k.label}
            </button>`,
          )}
        </div>
      </div>
    </section>
  `;
}
