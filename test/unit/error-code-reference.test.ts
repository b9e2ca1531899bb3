import { readFileSync } from 'node:fs';
import { CATALOG, ERROR_CODES } from '../../lambdas/core/catalog';
import { ERROR_CODES_DOC, explainCode, renderErrorCodesDoc } from '../../tools/support/error-code-reference';

describe('the error code reference', () => {
  it('docs/error-codes.md is what the catalog generates (run tools/support/error-code-reference.ts if not)', () => {
    expect(readFileSync(ERROR_CODES_DOC, 'utf8')).toBe(renderErrorCodesDoc());
  });

  it.each(ERROR_CODES)('explains %s with every reason of the catalog', (code) => {
    // Act
    const explained = explainCode(code);
    // Assess
    expect(explained.title).toBe(CATALOG[code].title);
    expect(explained.reasons.map((r) => r.reason)).toEqual(Object.keys(CATALOG[code].reasons));
    expect(explained.reasons.every((r) => r.meaning.length > 0 && r.action.length > 0)).toBe(true);
  });
});
