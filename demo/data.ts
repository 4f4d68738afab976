/**
 * The demo's catalogue: the nine ways to raise work (eight scenarios, social
 * split into Facebook and WhatsApp), colleagues, and random-ish customers.
 */
import type { Contact, Presence, Scenario } from '../src/services/protocol/types.js';

export type SimKey =
  | 'chat'
  | 'sms'
  | 'facebook'
  | 'whatsapp'
  | 'voice'
  | 'assignment'
  | 'transfer'
  | 'escalation'
  | 'bot-escalation';

export interface SimKind {
  key: SimKey;
  label: string;
  scenario: Scenario;
  channel: string;
  /** Toast scenarios target the agent ('me') and name a colleague as `from`. */
  toast: boolean;
}

export const SIM_KINDS: readonly SimKind[] = [
  { key: 'chat', label: 'Incoming chat', scenario: 'chat', channel: 'chat', toast: false },
  { key: 'sms', label: 'SMS', scenario: 'sms', channel: 'sms', toast: false },
  { key: 'facebook', label: 'Facebook', scenario: 'social', channel: 'facebook', toast: false },
  { key: 'whatsapp', label: 'WhatsApp', scenario: 'social', channel: 'whatsapp', toast: false },
  { key: 'voice', label: 'Voice', scenario: 'voice', channel: 'voice', toast: false },
  { key: 'assignment', label: 'Assignment', scenario: 'assignment', channel: 'chat', toast: true },
  { key: 'transfer', label: 'Transfer', scenario: 'transfer', channel: 'chat', toast: true },
  { key: 'escalation', label: 'Escalation', scenario: 'escalation', channel: 'chat', toast: true },
  { key: 'bot-escalation', label: 'Bot escalation', scenario: 'bot-escalation', channel: 'chat', toast: true },
];

export function simKind(key: string): SimKind {
  return SIM_KINDS.find((k) => k.key === key) ?? SIM_KINDS[0];
}

export const ME = { id: 'me', name: 'Alex Agent', capacity: 3 } as const;

export interface Colleague {
  id: string;
  name: string;
  presence: Presence;
  capacity: number;
}

export const COLLEAGUES: readonly Colleague[] = [
  { id: 'c1', name: 'Priya Patel', presence: 'available', capacity: 3 },
  { id: 'c2', name: 'Marcus Chen', presence: 'available', capacity: 2 },
  { id: 'c3', name: 'Sofia Reyes', presence: 'busy', capacity: 3 },
  { id: 'c4', name: 'Jonas Berg', presence: 'away', capacity: 2 },
];

/** Presences the agent can pick (Inactive is set by the system only). */
export const PICKABLE: readonly Presence[] = ['available', 'busy', 'dnd', 'away', 'offline'];

const NAMES = [
  'Maria Garcia',
  'Liam O’Connor',
  'Aisha Khan',
  'Kenji Watanabe',
  'Emma Schmidt',
  'Noah Williams',
  'Fatima Al-Sayed',
  'Lucas Martin',
  'Olivia Brown',
  'Mateo Rossi',
  'Chloé Dubois',
  'Sipho Ndlovu',
];

const COMMENTS: Record<SimKey, readonly string[]> = {
  chat: [
    'Hi, my order #10482 still hasn’t shipped. Can you check?',
    'I was charged twice for my subscription this month.',
    'How do I reset the password on my account?',
  ],
  sms: ['My router keeps dropping the connection since yesterday.', 'Can I move my appointment to Friday?'],
  facebook: ['Your app crashes when I open the billing page.', 'Do you ship to Canada? The site says no.'],
  whatsapp: ['The replacement part arrived broken <again>.', 'Can I get the invoice for March as a PDF?'],
  voice: ['Caller asked about a refund for a cancelled booking.', 'Caller reports an outage in their area.'],
  assignment: ['Follow up on case CAS-01234: warranty claim.', 'Customer requested a callback about their loan.'],
  transfer: ['Needs a billing specialist: disputed charge of $129.', 'Transferred for a technical escalation.'],
  escalation: ['Customer unhappy with the resolution; asked for a supervisor.', 'Priority customer, SLA at risk.'],
  'bot-escalation': ['Bot could not verify identity; customer asked for a human.', 'Customer typed “agent” three times.'],
};

const QUEUES = ['General support', 'Billing', 'Technical support', 'Premier customers'];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

function randomPhone(): string {
  const n = () => String(Math.floor(Math.random() * 10));
  return `+1 425 555 ${n()}${n()}${n()}${n()}`;
}

export interface SimValues {
  kind: SimKey;
  name: string;
  phone: string;
  comment: string;
}

/**
 * Random-ish but plausible values for a scenario. SMS and voice sometimes use
 * a known contact's mobile number so contact matching is visible.
 */
export function randomValues(kind: SimKey, contacts: readonly Contact[]): SimValues {
  const withNumber = contacts.filter((c) => c.mobilePhone);
  if ((kind === 'sms' || kind === 'voice') && withNumber.length && Math.random() < 0.6) {
    const c = pick(withNumber);
    return { kind, name: '', phone: c.mobilePhone ?? '', comment: pick(COMMENTS[kind]) };
  }
  const phone = kind === 'sms' || kind === 'voice' || kind === 'whatsapp' ? randomPhone() : '';
  return { kind, name: pick(NAMES), phone, comment: pick(COMMENTS[kind]) };
}

export function randomQueue(): string {
  return pick(QUEUES);
}

export function randomColleagueName(): string {
  return pick(COLLEAGUES).name;
}

/** 1–4 s, how long a simulated colleague takes to answer. */
export function colleagueDelayMs(): number {
  return 1000 + Math.floor(Math.random() * 3000);
}
