/**
 * The error page's script (runs in the browser; bundled into error-page.js with every language's texts).
 *
 * - The language: `lang=` when the page has it, else the first of navigator.languages it has, else English.
 * - `code` is shown only when it is one the service issues, `ref` only in a form the service issues;
 *   anything else gets the generic text, so a crafted link cannot put words on our domain.
 * - `client` (sent with 103-106, after the client proved its secret) makes one same-origin read of the
 *   client's public profile; its values are checked again here and set as text, never as markup.
 */
import { isIssuedRef, refTime } from '../../lambdas/core/issued-ref';
import { isEmail, isClientId } from '../../lambdas/core/identifiers';
import { isDisplayName, parsePublicUrl, PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';
import type { ErrorPageData, ErrorPageText, PageTexts } from '../page-data';

declare const ERROR_PAGE_DATA: ErrorPageData;

interface Profile {
  readonly displayName?: string;
  readonly loginUrl?: string;
  readonly supportEmail?: string;
  readonly supportUrl?: string;
}

interface Shown {
  readonly code: string;
  readonly ref: string;
  readonly time: string;
  readonly texts: PageTexts;
}

const own = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`error page: #${id} is missing`);
  return found;
}

/** The primary subtag of a language tag, if the page has that language (`de-AT` → `de`). */
function supported(tag: string | null | undefined): string | undefined {
  const primary = (tag ?? '').split('-')[0]?.toLowerCase() ?? '';
  return primary !== '' && own(ERROR_PAGE_DATA.languages, primary) ? primary : undefined;
}

function chooseLanguage(params: URLSearchParams): string {
  // Typed as always there; older browsers and some webviews leave navigator.languages out.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  const preferred = [params.get('lang'), ...(navigator.languages ?? []), navigator.language];
  for (const tag of preferred) {
    const language = supported(tag);
    if (language) return language;
  }
  return ERROR_PAGE_DATA.defaultLanguage;
}

/** Fills `{name}`-style placeholders with values that are never translated. */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (own(values, key) ? (values[key] ?? whole) : whole));
}

function applyLanguage(language: string, texts: PageTexts): void {
  document.documentElement.lang = language;
  for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-text]'))) {
    const value = (texts as unknown as Record<string, unknown>)[node.dataset.text ?? ''];
    if (typeof value === 'string') node.textContent = value;
  }
}

function showCode(code: string, texts: PageTexts): void {
  const codeTexts: ErrorPageText = code ? texts.codes[code as keyof PageTexts['codes']] : texts.generic;
  element('error-title').textContent = codeTexts.title;
  element('error-text').textContent = codeTexts.userText;
  element('error-action').textContent = codeTexts.userAction;
  document.title = code ? fill(texts.documentTitle, { code, title: codeTexts.title }) : codeTexts.title;
  if (code) {
    element('error-code-value').textContent = code;
    element('error-code').hidden = false;
  }
}

function showRef(ref: string, time: string): void {
  element('time-value').textContent = time;
  if (!ref) return;
  element('ref-value').textContent = ref;
  element('ref-section').hidden = false;
  element('no-ref').hidden = true;
}

/** Selects the reference list so the person can copy it by hand where the Clipboard API is missing or refused. */
function selectReference(): void {
  const selection = window.getSelection();
  if (!selection) return;
  selection.removeAllRanges();
  selection.selectAllChildren(element('reference-list'));
}

async function copyReference(shown: Shown): Promise<void> {
  const status = element('copy-status');
  const text = `${shown.texts.refLabel}: ${shown.ref}\n${shown.texts.timeLabel}: ${shown.time}`;
  try {
    // Typed as always there, but browsers leave it out on pages that are not a secure context.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (!navigator.clipboard) throw new Error('no Clipboard API');
    await navigator.clipboard.writeText(text);
    status.textContent = shown.texts.copied;
  } catch {
    selectReference();
    status.textContent = shown.texts.copyFailed;
  }
}

/** The profile fields that pass the same checks as at registration; anything else is dropped. */
function checkedProfile(document: unknown, clientId: string): Profile | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const fields = document as Record<string, unknown>;
  if (fields.clientId !== clientId) return undefined;
  const url = (value: unknown) => (typeof value === 'string' ? parsePublicUrl(value)?.href : undefined);
  return {
    ...(isDisplayName(fields.displayName) ? { displayName: fields.displayName } : {}),
    ...(url(fields.loginUrl) ? { loginUrl: url(fields.loginUrl) } : {}),
    ...(isEmail(fields.supportEmail) ? { supportEmail: fields.supportEmail } : {}),
    ...(url(fields.supportUrl) ? { supportUrl: url(fields.supportUrl) } : {}),
  };
}

async function fetchProfile(clientId: string): Promise<Profile | undefined> {
  try {
    const response = await fetch(`${PROFILE_PATH_PREFIX}${encodeURIComponent(clientId)}`, {
      credentials: 'omit',
      redirect: 'error',
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) return undefined;
    return checkedProfile(await response.json(), clientId);
  } catch {
    return undefined;
  }
}

/** "You were signing in to <strong>name</strong>", built from text nodes. */
function showDisplayName(template: string, name: string): void {
  const line = element('client-line');
  const [before = '', after = ''] = template.split('{name}');
  const strong = document.createElement('strong');
  strong.textContent = name;
  line.replaceChildren(document.createTextNode(before), strong, document.createTextNode(after));
  line.hidden = false;
}

/** `mailto:` with the address's local part encoded, so a `?` or `&` in it cannot add headers. */
function mailtoUrl(address: string, subject: string, body: string): string {
  const at = address.lastIndexOf('@');
  const to = `${encodeURIComponent(address.slice(0, at))}@${address.slice(at + 1)}`;
  return `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

function showProfile(profile: Profile, shown: Shown, clientId: string): void {
  const { texts } = shown;
  if (profile.displayName) showDisplayName(texts.signingInTo, profile.displayName);
  if (profile.loginUrl && ERROR_PAGE_DATA.signInAgainCodes.includes(shown.code)) {
    element('sign-in-again').setAttribute('href', profile.loginUrl);
    element('sign-in-again-row').hidden = false;
  }
  const values = { name: profile.displayName ?? clientId, code: shown.code, ref: shown.ref || '-', time: shown.time };
  if (profile.supportEmail) {
    const link = element('support-email');
    link.setAttribute(
      'href',
      mailtoUrl(profile.supportEmail, fill(texts.mailSubject, values), fill(texts.mailBody, values)),
    );
    link.textContent = fill(texts.supportEmail, { email: profile.supportEmail });
    element('support-email-item').hidden = false;
  }
  if (profile.supportUrl) {
    element('support-url').setAttribute('href', profile.supportUrl);
    element('support-url-item').hidden = false;
  }
  if (profile.supportEmail || profile.supportUrl) element('support-section').hidden = false;
}

function start(): void {
  const params = new URLSearchParams(window.location.search);
  const language = chooseLanguage(params);
  const texts = ERROR_PAGE_DATA.languages[language] ?? ERROR_PAGE_DATA.languages[ERROR_PAGE_DATA.defaultLanguage];
  if (!texts) return;
  const rawCode = params.get('code') ?? '';
  const code = ERROR_PAGE_DATA.codes.includes(rawCode) ? rawCode : '';
  const rawRef = params.get('ref') ?? '';
  const shown: Shown = { code, ref: isIssuedRef(rawRef) ? rawRef : '', time: refTime(new Date()), texts };

  applyLanguage(language, texts);
  showCode(code, texts);
  showRef(shown.ref, shown.time);
  element('copy-ref').addEventListener('click', () => void copyReference(shown));

  const clientId = params.get('client') ?? '';
  if (ERROR_PAGE_DATA.profileCodes.includes(code) && isClientId(clientId)) {
    void fetchProfile(clientId).then((profile) => {
      if (profile) showProfile(profile, shown, clientId);
      document.documentElement.dataset.profile = profile ? 'shown' : 'none';
    });
  } else {
    document.documentElement.dataset.profile = 'none';
  }
}

start();
