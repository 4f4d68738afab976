/**
 * The contact directory that SMS and voice conversations are matched against
 * by Mobile Phone, compared in E.164 form on both sides.
 */
import type { Contact } from '../src/services/protocol/types.js';
import { OmniEngineError } from './model.js';
import { toE164 } from './phone.js';

/** The demo's directory: mobile numbers typed the many ways people type them. */
export const DEMO_CONTACTS: readonly Contact[] = Object.freeze([
  { id: 'contact-1', name: 'Maria Campbell', mobilePhone: '+1 (425) 555-0100', email: 'maria@fourthcoffee.example', account: 'Fourth Coffee' },
  { id: 'contact-2', name: 'Nancy Anderson', mobilePhone: '425.555.0101', email: 'nancy@contoso.example', account: 'Contoso Pharmaceuticals' },
  { id: 'contact-3', name: 'Oliver Brooks', mobilePhone: '+44 20 7946 0958', email: 'oliver@litware.example', account: 'Litware, Inc.' },
  { id: 'contact-4', name: 'Jonas Weber', mobilePhone: '0049 30 901820', email: 'jonas@adventure-works.example', account: 'Adventure Works Cycles' },
  { id: 'contact-5', name: 'Yvonne McKay', mobilePhone: '(206) 555-0199', email: 'yvonne@alpineskihouse.example', account: 'Alpine Ski House' },
  { id: 'contact-6', name: 'Renee Lo', mobilePhone: '206-555-0142', email: 'renee@fabrikam.example', account: 'Fabrikam, Inc.' },
].map((c) => Object.freeze(c)));

const MAX_TEXT = 200;

function text(v: unknown, field: string, required = false): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || (required && !v.trim()) || v.length > MAX_TEXT) {
    throw new OmniEngineError('bad-message', `contact.${field} must be ${required ? 'a non-empty' : 'a'} string of at most ${MAX_TEXT} characters`);
  }
  return v;
}

export class ContactDirectory {
  private readonly byId = new Map<string, Contact>();
  /** E.164 → contact id; the first contact with a number wins. */
  private readonly byPhone = new Map<string, string>();
  private seq = 0;

  constructor(contacts: readonly (Contact | Omit<Contact, 'id'>)[] = []) {
    for (const c of contacts) this.add(c);
  }

  /** Adds a contact (an `id` is made when absent or taken); throws OmniEngineError `bad-message` on bad fields. */
  add(input: Contact | Omit<Contact, 'id'>): Contact {
    if (typeof input !== 'object' || input === null) throw new OmniEngineError('bad-message', 'contact must be an object');
    const given = (input as Partial<Contact>).id;
    const c: Contact = { id: '', name: text(input.name, 'name', true)! };
    const mobilePhone = text(input.mobilePhone, 'mobilePhone');
    const email = text(input.email, 'email');
    const account = text(input.account, 'account');
    if (mobilePhone !== undefined) c.mobilePhone = mobilePhone;
    if (email !== undefined) c.email = email;
    if (account !== undefined) c.account = account;
    c.id = typeof given === 'string' && given && given.length <= MAX_TEXT && !this.byId.has(given) ? given : this.newId();
    this.byId.set(c.id, c);
    const e164 = toE164(c.mobilePhone);
    if (e164 && !this.byPhone.has(e164)) this.byPhone.set(e164, c.id);
    return { ...c };
  }

  list(): Contact[] {
    return [...this.byId.values()].map((c) => ({ ...c }));
  }

  get(id: string): Contact | undefined {
    const c = this.byId.get(id);
    return c && { ...c };
  }

  /** The contact whose Mobile Phone is the same number as `phone`, if any. */
  findByPhone(phone: string | undefined): Contact | undefined {
    const e164 = toE164(phone);
    const id = e164 && this.byPhone.get(e164);
    return id ? this.get(id) : undefined;
  }

  private newId(): string {
    let id: string;
    do id = `contact-${++this.seq}`;
    while (this.byId.has(id));
    return id;
  }
}
