/**
 * Every language of the error page holds every text, none empty, with the same placeholders as English;
 * the values that are never translated (codes, ref, display name, time) only ever arrive as placeholders.
 */
import { ERROR_CODES } from '../../lambdas/core/catalog';
import { DEFAULT_LANGUAGE, PAGE_LANGUAGES, type PageTexts } from '../../error-page/languages';

/** Every text of a language, by a path such as `codes.104.title`. */
function textsOf(texts: PageTexts): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else {
      found.set(path, value);
    }
  };
  walk(texts, '');
  return found;
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const english = textsOf(PAGE_LANGUAGES.en);
const languages = Object.entries(PAGE_LANGUAGES);

describe('the error page languages', () => {
  it('has English, Spanish, French and German, and English as the default', () => {
    expect(Object.keys(PAGE_LANGUAGES)).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de']));
    expect(DEFAULT_LANGUAGE).toBe('en');
  });

  it('gives English every code of the catalog and nothing else', () => {
    expect(Object.keys(PAGE_LANGUAGES.en.codes).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each(languages)('%s holds exactly the texts English holds, each a non-empty string', (_language, texts) => {
    // Act
    const own = textsOf(texts);
    // Assess
    expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, value] of own) {
      expect({ path, type: typeof value }).toEqual({ path, type: 'string' });
      expect({ path, empty: String(value).trim() === '' }).toEqual({ path, empty: false });
    }
  });

  it.each(languages)('%s keeps every placeholder of English, and adds none', (_language, texts) => {
    for (const [path, value] of textsOf(texts)) {
      expect({ path, placeholders: placeholders(value) }).toEqual({
        path,
        placeholders: placeholders(english.get(path)),
      });
    }
  });

  it('translates: no language other than English repeats an English sentence', () => {
    for (const [language, texts] of languages) {
      if (language === 'en') continue;
      const same = [...textsOf(texts)].filter(
        ([path, value]) => value === english.get(path) && !/\{code\}: \{title\}/.test(String(value)),
      );
      expect({ language, same: same.map(([path]) => path) }).toEqual({ language, same: [] });
    }
  });

  it('a language that lacks a text is found (the check above is not vacuous)', () => {
    // Prepare
    const { signInAgain: _dropped, ...lacking } = PAGE_LANGUAGES.de;
    // Act
    const keys = [...textsOf(lacking as PageTexts).keys()];
    // Assess
    expect(keys.sort()).not.toEqual([...english.keys()].sort());
  });
});
