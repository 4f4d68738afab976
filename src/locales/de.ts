/**
 * German (de). Ids are the ones given to msg() in the source; a message
 * missing here shows in English. Plural ids carry the CLDR category
 * (`.one`, `.other`). The formal "Sie" of Dynamics 365's
 * German UI; "Annehmen" / "Ablehnen" as in Teams and Omnichannel.
 */
import { str, type TemplateMap } from '@lit/localize';

export const templates: TemplateMap = {
  'alert.accept': 'Annehmen',
  'alert.reject': 'Ablehnen',
  'alert.open': 'Öffnen',
  'alert.time-left': str`Verbleibende Zeit: ${0}`,
  'alert.accept-failed': str`Annehmen fehlgeschlagen: ${0}. Bitte erneut versuchen.`,
  'alert.reject-failed': str`Ablehnen fehlgeschlagen: ${0}. Bitte erneut versuchen.`,
  'toast.dismiss': 'Schließen',
  'banner.missed.one': 'Sie haben eine Benachrichtigung verpasst.',
  'banner.missed.other': str`Sie haben ${0} Benachrichtigungen verpasst.`,
  'banner.inactive': str`Ihr Status ist „${0}“. Sie erhalten erst wieder neue Arbeit, wenn Sie ihn ändern.`,
  'banner.reset': 'Status zurücksetzen',
  'banner.change': 'Status ändern',
  'banner.presences': 'Anwesenheitsstatus',
  'banner.failed': str`Ihr Status konnte nicht geändert werden: ${0}.`,
  'host.more': str`+${0} weitere`,
  'host.reconnecting': 'Verbindung wird wiederhergestellt …',
  'host.offer': str`${0} von ${1}.`,
  'host.keys-accept': str`Zum Annehmen ${0} drücken.`,
  'host.keys-open': str`Zum Öffnen ${0} drücken.`,
  'host.batch': str`${0} neue Benachrichtigungen.`,
  'host.notice': str`${0}: ${1}`,
  'presence.available': 'Verfügbar',
  'presence.busy': 'Beschäftigt',
  'presence.dnd': 'Beschäftigt – Nicht stören',
  'presence.away': 'Abwesend',
  'presence.offline': 'Offline',
  'presence.inactive': 'Inaktiv',
  'channel.chat': 'Chat',
  'channel.voice': 'Sprachanruf',
  'channel.social': 'Social Media',
  'channel.email': 'E-Mail',
  'customer.visitor': 'Besucher',
  'slug.customerName': 'Kunde',
  'slug.comment': 'Kommentar',
  'slug.waitTime': 'Wartezeit',
  'slug.channel': 'Kanal',
  'slug.queue': 'Warteschlange',
  'slug.caseTitle': 'Fall',
  'slug.caseId': 'Fallnummer',
  'slug.from': 'Von',
  'title.chat': 'Eingehende Chatanfrage',
  'title.sms': 'Eingehende SMS-Anfrage',
  'title.social': 'Eingehende {channel}-Anfrage',
  'title.voice': 'Eingehender Anruf',
  'title.assignment': 'Unterhaltung zugewiesen',
  'title.transfer': 'Unterhaltung weitergeleitet',
  'title.escalation': 'Unterhaltung eskaliert',
  'title.bot-escalation': 'Vom Bot eskaliert',
  'sound.blocked': 'Ton ist aus: zum Einschalten klicken',
  'desktop.enable': 'Desktopbenachrichtigungen aktivieren',
  'desktop.deadline': str`Antworten innerhalb von ${0}`,
  'desktop.granted': 'Desktopbenachrichtigungen sind aktiviert.',
  'desktop.default': 'Desktopbenachrichtigungen sind deaktiviert.',
  'desktop.denied':
    'Desktopbenachrichtigungen sind für diese Website blockiert. Um sie zuzulassen, öffnen Sie die Website-Einstellungen (das Symbol vor der Adresse), setzen Sie „Benachrichtigungen“ auf „Zulassen“ und laden Sie die Seite neu.',
  'desktop.unavailable':
    'Desktopbenachrichtigungen sind hier nicht verfügbar (eingebetteter Frame oder unsichere Seite). Hinweise im Fenster, Ton und Tab-Titel informieren Sie weiterhin.',
  'desktop.unsupported':
    'Dieser Browser unterstützt keine Desktopbenachrichtigungen. Hinweise im Fenster, Ton und Tab-Titel informieren Sie weiterhin.',
};
