/**
 * What the error page's script needs from the error catalog: only the end-user texts, never the
 * reasons, metric names or support notes. Generated into the page's script at build time.
 */
import { CATALOG, ERROR_CODES, GENERIC_ERROR } from '../lambdas/core/catalog';

export interface ErrorPageText {
  readonly title: string;
  readonly userText: string;
  readonly userAction: string;
}

export interface ErrorPageData {
  /** Code (e.g. '104') → its texts. */
  readonly codes: Readonly<Record<string, ErrorPageText>>;
  /** For a missing or unknown code. */
  readonly generic: ErrorPageText;
  /** Longest `ref` shown; request ids are far shorter, so only a crafted URL is cut. */
  readonly maxRefLength: number;
  /** Longest unknown `code` shown back to the person. */
  readonly maxCodeLength: number;
}

export const MAX_REF_LENGTH = 128;
export const MAX_CODE_LENGTH = 16;

/** The page's data, read from the catalog at build time. */
export function errorPageData(): ErrorPageData {
  const codes: Record<string, ErrorPageText> = {};
  for (const code of ERROR_CODES) {
    const { title, userText, userAction } = CATALOG[code];
    codes[code] = { title, userText, userAction };
  }
  const { title, userText, userAction } = GENERIC_ERROR;
  return {
    codes,
    generic: { title, userText, userAction },
    maxRefLength: MAX_REF_LENGTH,
    maxCodeLength: MAX_CODE_LENGTH,
  };
}
