/** English: the code texts come from the one error catalog; the rest of the page's texts are here. */
import { CATALOG, ERROR_CODES, GENERIC_ERROR, type ErrorCode } from '../../lambdas/core/catalog';
import type { CodeTexts, PageTexts } from './page-texts';

const textsOf = ({ title, userText, userAction }: CodeTexts): CodeTexts => ({ title, userText, userAction });

export const en: PageTexts = {
  languageName: 'English',
  product: 'Infoauth single sign-on',
  codes: Object.fromEntries(ERROR_CODES.map((code) => [code, textsOf(CATALOG[code])])) as Record<ErrorCode, CodeTexts>,
  generic: textsOf(GENERIC_ERROR),
  documentTitle: 'Error {code}: {title}',
  codeLabel: 'Error Reference Code:',
  actionHeading: 'What you can do',
  signingInTo: 'You were signing in to {name}.',
  signInAgain: 'Sign in again',
  refHeading: 'Reference for your support desk',
  refHint: 'Support uses the reference and the time to find exactly what happened to this sign-in.',
  refLabel: 'Reference',
  timeLabel: 'Time (UTC)',
  copyButton: 'Copy reference and time',
  copied: 'Reference and time copied.',
  copyFailed: 'Could not copy automatically. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
  noRef: 'No reference was included in the link that brought you here.',
  supportHeading: 'Contact support',
  supportEmail: 'Email support: {email}',
  supportUrl: 'Open the support page',
  mailSubject: 'Sign-in error {code} (reference {ref})',
  mailBody:
    'Hello,\n\nmy sign-in to {name} did not complete.\n\nError Reference Code: {code}\nReference: {ref}\nTime (UTC): {time}\n\nThank you.',
  footer: 'You can close this page once you have noted the reference.',
};
