/** "Simulate incoming work": raise any scenario, or a malformed frame. */
import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { SIM_KINDS, simKind, type SimKey } from './data.js';
import type { SimValues } from './data.js';
import { tr } from './i18n.js';
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
        <h2 id="od-sim-title">${icon('bolt', 18)} ${tr('Simulate incoming work')}</h2>
      </div>
      <form
        class="od-form"
        @submit=${(e: Event) => {
          e.preventDefault();
          actions.raise();
        }}
      >
        <div class="od-field">
          <label for="od-sim-scenario">${tr('Scenario')}</label>
          <select
            id="od-sim-scenario"
            name="scenario"
            .value=${live(sim.kind)}
            @change=${(e: Event) => actions.setSim({ kind: (e.target as HTMLSelectElement).value as SimKey })}
          >
            ${SIM_KINDS.map((k) => html`<option value=${k.key} ?selected=${k.key === sim.kind}>${tr(k.label)}</option>`)}
          </select>
        </div>
        <div class="od-field-pair">
          <div class="od-field">
            <label for="od-sim-name">${tr('Customer name')}</label>
            <input id="od-sim-name" name="name" autocomplete="off" .value=${live(sim.name)} @input=${onInput('name')} />
          </div>
          <div class="od-field">
            <label for="od-sim-phone">${tr('Phone')}</label>
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
          <label for="od-sim-comment">${tr('Comment')}</label>
          <textarea id="od-sim-comment" name="comment" rows="2" .value=${live(sim.comment)} @input=${onInput('comment')}></textarea>
        </div>
        <p class="od-hint od-muted">
          ${!kind.toast
            ? tr('Arrives as an alert; a colleague gets it if you reject it or let it time out.')
            : kind.scenario === 'transfer' || kind.scenario === 'escalation'
              ? tr('Arrives as a toast, handed to you by a colleague.')
              : kind.scenario === 'bot-escalation'
                ? tr('Arrives as a toast: a bot could not finish and hands the customer to you.')
                : tr('Arrives as a toast: routing assigned it to you.')}
        </p>
        <div class="od-actions">
          <button type="submit" class="od-btn od-btn-primary">${tr('Raise')}</button>
          <button type="button" class="od-btn" @click=${() => actions.malformed()}>${tr('Send malformed message')}</button>
          <button type="button" class="od-btn" @click=${() => actions.toggleNetwork()}>
            ${connection === 'open' ? tr('Drop connection') : tr('Restore connection')}
          </button>
        </div>
      </form>
      <div class="od-quick" role="group" aria-labelledby="od-quick-title">
        <h3 id="od-quick-title" class="od-subhead">${tr('Quick raise')}</h3>
        <div class="od-quick-grid">
          ${SIM_KINDS.map(
            (k) => html`<button
              type="button"
              class="od-btn od-btn-chip"
              aria-label=${tr('Raise {0}', tr(k.label))}
              @click=${() => actions.quickRaise(k.key)}
            >
              ${tr(k.label)}
            </button>`,
          )}
        </div>
      </div>
    </section>
  `;
}
