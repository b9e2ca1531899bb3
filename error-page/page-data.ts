/**
 * What the error page's script needs: every text of the page in every language (never the catalog's
 * reasons, metric names or support notes). Generated into the page's script at build time.
 */
import { ERROR_CODES } from '../lambdas/core/catalog';
import { DEFAULT_LANGUAGE, PAGE_LANGUAGES, type PageTexts } from './languages';

export type { CodeTexts as ErrorPageText, PageTexts } from './languages';

export interface ErrorPageData {
  /** Primary language subtag (`en`, `es`, …) → every text of the page in that language. */
  readonly languages: Readonly<Record<string, PageTexts>>;
  readonly defaultLanguage: string;
  /** The codes the service issues; any other `code` gets the generic text and is not shown. */
  readonly codes: readonly string[];
  /** The codes that carry `client` (after a good secret) and so may show the client's profile. */
  readonly profileCodes: readonly string[];
  /** The codes whose page offers "Sign in again" (with the client's login URL). */
  readonly signInAgainCodes: readonly string[];
}

/** The page's data, read from the catalog and the language files at build time. */
export function errorPageData(): ErrorPageData {
  return {
    languages: PAGE_LANGUAGES,
    defaultLanguage: DEFAULT_LANGUAGE,
    codes: [...ERROR_CODES],
    profileCodes: ['103', '104', '105', '106'],
    signInAgainCodes: ['104', '105', '106'],
  };
}
