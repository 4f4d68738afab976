/**
 * Notification templates: Dynamics 365 Omnichannel's defaults, one per
 * scenario, merged with the server's settings and the host's overrides, and
 * the slug renderer that turns `{customerName}` into text (never markup).
 */
import { msg } from '@lit/localize';
import type { Notice, Offer, Scenario, Template } from './protocol/types.js';
import { DEFAULT_TEMPLATES } from './protocol/defaults.js';

export { DEFAULT_TEMPLATES, resolveTemplate, type TemplateOverrides } from './protocol/defaults.js';
import { formatDuration } from './format.js';

/**
 * Channel ids as people write them. Words are translated (id `channel.<id>`);
 * brand names stay as they are in every language.
 */
export const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  chat: 'chat',
  voice: 'voice',
  social: 'social',
  email: 'email',
  sms: 'SMS',
  facebook: 'Facebook',
  whatsapp: 'WhatsApp',
  twitter: 'X',
  line: 'LINE',
  wechat: 'WeChat',
  teams: 'Teams',
};
/** The channel names that are words, not brands: translated. */
export const CHANNEL_WORDS: ReadonlySet<string> = new Set(['chat', 'voice', 'social', 'email']);

/** A channel id as people write it ("facebook" → "Facebook", "chat" → "Chat" in German). */
export function channelLabel(channel: string): string {
  const id = channel.toLowerCase();
  const name = CHANNEL_NAMES[id];
  return name ? (CHANNEL_WORDS.has(id) ? msg(name, { id: `channel.${id}` }) : name) : channel;
}

/** What the notification calls the customer: name, else phone, else "Visitor". */
export function customerLabel(item: Pick<Offer, 'customer' | 'contact'>): string {
  const name = item.contact?.name || item.customer.name;
  return (name && name.trim()) || item.customer.phone || msg('Visitor', { id: 'customer.visitor' });
}

/** English labels for the fields that are a single slug; shown translated (id `slug.<key>`). */
export const SLUG_LABELS: Readonly<Record<string, string>> = {
  customerName: 'Customer',
  comment: 'Comment',
  waitTime: 'Wait time',
  channel: 'Channel',
  queue: 'Queue',
  caseTitle: 'Case',
  caseId: 'Case number',
  from: 'From',
};

/** The label of a field that is a single slug, in the widget's locale; an unknown slug shows its key. */
export function slugLabel(key: string): string {
  return Object.prototype.hasOwnProperty.call(SLUG_LABELS, key) ? msg(SLUG_LABELS[key]!, { id: `slug.${key}` }) : key;
}

/**
 * A template's title in the widget's locale: the built-in titles are
 * translated (id `title.<template id>`); a title the administrator wrote is
 * shown as written.
 */
export function localizedTitle(t: Pick<Template, 'id' | 'title'>): string {
  const builtIn = Object.prototype.hasOwnProperty.call(DEFAULT_TEMPLATES, t.id) && DEFAULT_TEMPLATES[t.id as Scenario].title === t.title;
  return builtIn ? msg(t.title, { id: `title.${t.id}` }) : t.title;
}

export interface SlugContext {
  item: Offer | Notice;
  /** server-clock now, for {waitTime} */
  now: number;
}

function slugValue(key: string, { item, now }: SlugContext): string {
  switch (key) {
    case 'customerName':
      return customerLabel(item);
    case 'comment':
      return item.comment ?? '';
    case 'waitTime': {
      // A notice without queuedAt (work assigned without queueing) has no wait time: empty, not 0:00.
      return item.queuedAt === undefined ? '' : formatDuration(now - item.queuedAt);
    }
    case 'channel':
      return channelLabel('channel' in item ? item.channel : item.scenario);
    case 'queue':
      return ('queue' in item && item.queue) || item.fields?.queue || '';
    case 'from':
      return ('from' in item && item.from) || item.fields?.from || '';
    default:
      return (item.fields && Object.prototype.hasOwnProperty.call(item.fields, key) && item.fields[key]) || '';
  }
}

const SLUG = /\{([A-Za-z][\w-]*)\}/g;

/** Replaces slugs with plain text; an unknown slug renders as empty text. */
export function renderSlugs(text: string, ctx: SlugContext): string {
  return text.replace(SLUG, (_, key: string) => slugValue(key, ctx));
}

/** A piece of rendered text: literal template text, or the value of a slug (to be bidi-isolated). */
export interface TextPart {
  text: string;
  slug?: string;
}

/** Like renderSlugs, keeping the slug values apart so an element can isolate them (`<bdi>`). */
export function renderSlugParts(text: string, ctx: SlugContext): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(SLUG)) {
    if (m.index! > at) parts.push({ text: text.slice(at, m.index) });
    parts.push({ text: slugValue(m[1]!, ctx), slug: m[1] });
    at = m.index! + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** The template's title, localized (see localizedTitle), with its slugs rendered. */
export function renderTitle(t: Pick<Template, 'id' | 'title'>, ctx: SlugContext): string {
  return renderSlugs(localizedTitle(t), ctx);
}

/** One rendered field: a label when the field is exactly one known slug, and its text. */
export interface RenderedField {
  key: string;
  label: string;
  value: string;
}

export function renderFields(fields: string[], ctx: SlugContext): RenderedField[] {
  const out: RenderedField[] = [];
  fields.slice(0, 4).forEach((f, i) => {
    const single = /^\{([A-Za-z][\w-]*)\}$/.exec(f.trim());
    const key = single ? single[1] : `field${i}`;
    const value = renderSlugs(f, ctx);
    if (value.trim()) out.push({ key, label: single ? slugLabel(key) : '', value });
  });
  return out;
}
