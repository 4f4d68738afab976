/**
 * The administrator's live preview: the real <omni-alert> or <omni-toast>,
 * in light and dark, with a sample request, as the agent will see it the
 * moment it arrives. A center that is never connected, with a frozen clock,
 * feeds them (countdowns stand still at their first value); the preview is
 * inert (not focusable, not announced) and its events stay inside it.
 */
import { html, type TemplateResult } from 'lit';
import '../src/components/alert/omni-alert.js';
import '../src/components/toast/omni-toast.js';
import { NotificationCenter } from '../src/services/center.js';
import { SCENARIOS, type Notice, type Offer, type Scenario, type Settings, type Template } from '../src/services/protocol/types.js';
import { tr } from './i18n.js';

const FROZEN = Date.UTC(2026, 0, 15, 14, 5);
let center: NotificationCenter | null = null;
let fed: Settings | null = null;

/** One center for every preview, told the current settings (as a server would). */
function previewCenter(settings: Settings): NotificationCenter {
  center ??= new NotificationCenter({ now: () => FROZEN });
  if (fed !== settings) {
    fed = settings;
    center.receive({ v: 1, type: 'settings', id: `preview-${Math.random()}`, ts: FROZEN, settings });
  }
  return center;
}

const CHANNEL: Partial<Record<string, string>> = { sms: 'sms', social: 'whatsapp', voice: 'voice' };

function sample(id: string, t: Template): { offer: Offer; notice: Notice } {
  const scenario: Scenario = (SCENARIOS as readonly string[]).includes(id) ? (id as Scenario) : 'chat';
  const phone = scenario === 'sms' || scenario === 'voice';
  const common = {
    conversationId: `preview-${id}`,
    scenario,
    customer: phone ? { name: 'Maria Garcia', phone: '+1 425 555 0134' } : { name: 'Maria Garcia' },
    comment: tr('Hi, my order #10482 still hasn’t shipped. Can you check?'),
    fields: { queue: tr('Billing'), caseTitle: tr('Late delivery'), caseId: 'CAS-01234' },
    templateId: id,
  };
  return {
    offer: {
      ...common,
      offerId: `preview-${id}`,
      channel: CHANNEL[scenario] ?? 'chat',
      queue: tr('Billing'),
      queuedAt: FROZEN - 35_000,
      offeredAt: FROZEN,
      expiresAt: FROZEN + t.timeoutSec * 1000,
    },
    notice: {
      ...common,
      noticeId: `preview-${id}`,
      ...(scenario === 'transfer' || scenario === 'escalation' ? { from: 'Priya Patel' } : {}),
      createdAt: FROZEN,
    },
  };
}

const stop = (e: Event) => e.stopPropagation();

/** The sample alert or toast for template `id`, in both themes. */
export function previewView(settings: Settings, id: string): TemplateResult {
  const t = settings.templates[id];
  if (!t) return html``;
  const c = previewCenter(settings);
  const { offer, notice } = sample(id, t);
  // A toast in the preview stays (its duration is shown in the form, not by disappearing).
  const still: Template = { ...t, toastDurationSec: 0 };
  const one = (theme: 'light' | 'dark') =>
    t.kind === 'alert'
      ? html`<omni-alert .offer=${offer} .template=${t} .center=${c} .rejectReasons=${settings.rejectReasons ?? []} theme=${theme}></omni-alert>`
      : html`<omni-toast .notice=${notice} .template=${still} .center=${c} theme=${theme}></omni-toast>`;
  return html`<div class="od-preview" aria-labelledby="od-preview-title" role="group">
    <h3 class="od-subhead" id="od-preview-title">${tr('Preview: what the agent sees')}</h3>
    <p class="od-muted od-hint">${tr('A sample request, as it arrives. Not interactive.')}</p>
    <div class="od-preview-row">
      ${(['light', 'dark'] as const).map(
        (theme) => html`<figure class="od-preview-pane" data-theme=${theme}>
          <figcaption>${theme === 'light' ? tr('Light') : tr('Dark')}</figcaption>
          <div class="od-preview-stage" inert @omni-accept=${stop} @omni-reject=${stop} @omni-timeout=${stop}
            @omni-toast-open=${stop} @omni-toast-dismiss=${stop} @omni-error=${stop}>${one(theme)}</div>
        </figure>`,
      )}
    </div>
  </div>`;
}
