/**
 * The error page's script (runs in the browser; built into error-page.js with the catalog's texts).
 * It reads `code` and `ref` from the URL and fills in the page. Whatever came from the URL is set with
 * textContent only, cut to a bounded length, and stripped of control and bidi-override characters so
 * a crafted link cannot spoof what the person reads to support.
 */
import type { ErrorPageData, ErrorPageText } from '../page-data';

declare const ERROR_PAGE_DATA: ErrorPageData;

// C0/C1 controls and the bidi embedding/override/isolate marks; matching controls is the point here.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function displayable(value: string, maxLength: number): string {
  const clean = value.replace(UNSAFE_CHARACTERS, '').trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`error page: #${id} is missing`);
  return found;
}

function textsFor(code: string): ErrorPageText | undefined {
  return Object.prototype.hasOwnProperty.call(ERROR_PAGE_DATA.codes, code) ? ERROR_PAGE_DATA.codes[code] : undefined;
}

function showCode(rawCode: string): void {
  const code = displayable(rawCode, ERROR_PAGE_DATA.maxCodeLength);
  const texts = textsFor(code) ?? ERROR_PAGE_DATA.generic;
  element('error-title').textContent = texts.title;
  element('error-text').textContent = texts.userText;
  element('error-action').textContent = texts.userAction;
  document.title = code ? `Error ${code}: ${texts.title}` : texts.title;
  if (code) {
    element('error-code-value').textContent = code;
    element('error-code').hidden = false;
  }
}

function showRef(rawRef: string): string {
  const ref = displayable(rawRef, ERROR_PAGE_DATA.maxRefLength);
  if (ref) {
    element('ref-value').textContent = ref;
    element('ref-section').hidden = false;
    element('no-ref').hidden = true;
  }
  return ref;
}

/** Selects the reference so the person can copy it by hand where the Clipboard API is missing or refused. */
function selectRef(): void {
  const selection = window.getSelection();
  if (!selection) return;
  selection.removeAllRanges();
  selection.selectAllChildren(element('ref-value'));
}

async function copyRef(ref: string): Promise<void> {
  const status = element('copy-status');
  try {
    if (!navigator.clipboard) throw new Error('no Clipboard API');
    await navigator.clipboard.writeText(ref);
    status.textContent = 'Reference copied.';
  } catch {
    selectRef();
    status.textContent =
      'Could not copy automatically. The reference is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
  }
}

function start(): void {
  const params = new URLSearchParams(window.location.search);
  showCode(params.get('code') ?? '');
  const ref = showRef(params.get('ref') ?? '');
  element('copy-ref').addEventListener('click', () => void copyRef(ref));
}

start();
