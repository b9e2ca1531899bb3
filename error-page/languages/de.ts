/** Deutsch. */
import type { PageTexts } from './page-texts';

const TRY_AGAIN = 'Kehren Sie zum Portal Ihres Unternehmens zurück und melden Sie sich erneut an.';
const CONTACT = 'Wenn es wieder passiert, wenden Sie sich an Ihren Support und nennen Sie die Referenz unten.';

export const de: PageTexts = {
  languageName: 'Deutsch',
  product: 'Infoauth Single Sign-on',
  codes: {
    '101': {
      title: 'Anmeldelink nicht erkannt',
      userText: 'Der Anmeldelink, dem Sie gefolgt sind, gehört zu keiner bekannten Single-Sign-on-Einrichtung.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '102': {
      title: 'Anmeldung konnte nicht überprüft werden',
      userText: 'Der Anmeldedienst Ihres Unternehmens konnte uns nicht nachweisen, wer er ist.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '103': {
      title: 'Anmeldedaten waren ungültig',
      userText: 'Die vom Anmeldedienst Ihres Unternehmens gesendeten Anmeldedaten waren ungültig.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '104': {
      title: 'Anmeldelink abgelaufen oder bereits verwendet',
      userText:
        'Dieser Anmeldelink ist abgelaufen oder wurde bereits verwendet. Jeder Link funktioniert nur einmal und nur kurze Zeit.',
      userAction: TRY_AGAIN,
    },
    '105': {
      title: 'Bei uns ist etwas schiefgegangen',
      userText:
        'Wir konnten Ihre Anmeldung wegen eines Problems auf unserer Seite nicht abschließen. Sie haben es nicht verursacht.',
      userAction: `Warten Sie eine Minute und versuchen Sie es erneut über das Portal Ihres Unternehmens. ${CONTACT}`,
    },
    '106': {
      title: 'Single Sign-on ist ausgeschaltet',
      userText: 'Single Sign-on ist für Ihre Organisation derzeit nicht aktiviert.',
      userAction: `Melden Sie sich auf anderem Weg an oder bitten Sie Ihre Administration, Single Sign-on zu aktivieren. ${CONTACT}`,
    },
  },
  generic: {
    title: 'Anmeldung nicht abgeschlossen',
    userText: 'Etwas hat den Abschluss Ihrer Anmeldung verhindert.',
    userAction: `${TRY_AGAIN} ${CONTACT}`,
  },
  documentTitle: 'Fehler {code}: {title}',
  codeLabel: 'Fehler-Referenzcode:',
  actionHeading: 'Was Sie tun können',
  signingInTo: 'Sie wollten sich bei {name} anmelden.',
  signInAgain: 'Erneut anmelden',
  refHeading: 'Referenz für Ihren Support',
  refHint: 'Der Support findet mit der Referenz und der Uhrzeit genau heraus, was bei dieser Anmeldung passiert ist.',
  refLabel: 'Referenz',
  timeLabel: 'Uhrzeit (UTC)',
  copyButton: 'Referenz und Uhrzeit kopieren',
  copied: 'Referenz und Uhrzeit kopiert.',
  copyFailed:
    'Automatisches Kopieren war nicht möglich. Der Text ist markiert: Drücken Sie Strg+C (⌘C auf dem Mac), um ihn zu kopieren.',
  noRef: 'Der Link, der Sie hierher gebracht hat, enthielt keine Referenz.',
  supportHeading: 'Support kontaktieren',
  supportEmail: 'E-Mail an den Support: {email}',
  supportUrl: 'Support-Seite öffnen',
  mailSubject: 'Anmeldefehler {code} (Referenz {ref})',
  mailBody:
    'Hallo,\n\nmeine Anmeldung bei {name} wurde nicht abgeschlossen.\n\nFehler-Referenzcode: {code}\nReferenz: {ref}\nUhrzeit (UTC): {time}\n\nVielen Dank.',
  footer: 'Sie können diese Seite schließen, sobald Sie die Referenz notiert haben.',
};
