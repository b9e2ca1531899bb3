/**
 * The shape of one language of the error page: every text the page shows. A language is one file in
 * this folder and one entry in ./index.ts; TypeScript refuses a language that lacks a text, and
 * test/unit/error-page-languages.test.ts checks that none is empty and every placeholder is kept.
 *
 * Placeholders in braces ({name}, {email}, {code}, {ref}, {time}, {title}) are filled in by the page
 * with values that are never translated: the client's display name and support address, the code, the
 * ref, the time and the code's title.
 */
import type { ErrorCode } from '../../lambdas/core/catalog';

export interface CodeTexts {
  readonly title: string;
  readonly userText: string;
  readonly userAction: string;
}

export interface PageTexts {
  /** The language's own name, e.g. "Deutsch". */
  readonly languageName: string;
  readonly product: string;
  readonly codes: Readonly<Record<ErrorCode, CodeTexts>>;
  /** For a missing or unknown code. */
  readonly generic: CodeTexts;
  /** `{code}` and `{title}`. */
  readonly documentTitle: string;
  readonly codeLabel: string;
  readonly actionHeading: string;
  /** `{name}`: the client's display name. */
  readonly signingInTo: string;
  readonly signInAgain: string;
  readonly refHeading: string;
  readonly refHint: string;
  readonly refLabel: string;
  readonly timeLabel: string;
  readonly copyButton: string;
  readonly copied: string;
  readonly copyFailed: string;
  readonly noRef: string;
  readonly supportHeading: string;
  /** `{email}`: the support address. */
  readonly supportEmail: string;
  readonly supportUrl: string;
  /** `{code}`, `{ref}`. */
  readonly mailSubject: string;
  /** `{name}`, `{code}`, `{ref}`, `{time}`. */
  readonly mailBody: string;
  readonly footer: string;
}
