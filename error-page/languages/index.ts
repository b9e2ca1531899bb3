/**
 * Every language of the error page. A new language is one file next to this one and one entry here
 * (its primary language subtag, lowercase); the page picks it from navigator.languages or `lang=`.
 */
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { PageTexts } from './page-texts';

export const PAGE_LANGUAGES = { en, es, fr, de } as const satisfies Readonly<Record<string, PageTexts>>;
export type PageLanguage = keyof typeof PAGE_LANGUAGES;
export const DEFAULT_LANGUAGE: PageLanguage = 'en';
export type { CodeTexts, PageTexts } from './page-texts';
