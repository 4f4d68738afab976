/**
 * Phone numbers in E.164 form ("+14255550100"), so that an SMS sender's
 * number and a contact's Mobile Phone compare equal however either was typed.
 * Uses libphonenumber-js with its smallest metadata (`/min`).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Country assumed for numbers written without a country code. */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'US';

/**
 * The E.164 form of `raw`, or `undefined` when it is not a possible phone
 * number. A leading `00` is read as the international prefix (`+`), as in
 * most of the world ("0049 30 901820"), although the default country (US)
 * dials out with `011` (which libphonenumber already understands).
 * Extensions are dropped: a text message comes from the line, not the desk.
 */
export function toE164(raw: string | undefined | null, defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let text = raw.trim();
  if (!text || text.length > 64) return undefined;
  if (/^00[1-9]/.test(text.replace(/[\s().-]/g, ''))) text = '+' + text.replace(/^[\s().-]*0[\s().-]*0/, '');
  try {
    const parsed = parsePhoneNumberFromString(text, defaultCountry);
    return parsed && parsed.isPossible() ? parsed.number : undefined;
  } catch {
    return undefined;
  }
}

/** True when both are possible numbers with the same E.164 form. */
export function samePhone(a: string | undefined, b: string | undefined, defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY): boolean {
  const x = toE164(a, defaultCountry);
  return x !== undefined && x === toE164(b, defaultCountry);
}
