/** The hosted page shows a ref only in the forms the handler and the local server issue (issue 14 point 7). */
import { randomUUID } from 'node:crypto';
import { isIssuedRef } from '../../lambdas/core/issued-ref';
import { newRequestId } from '../../tools/local/http-api-event';

describe('isIssuedRef', () => {
  it('accepts every request id the local server issues and every UUID a Lambda context carries', () => {
    // Prepare
    const issued = Array.from({ length: 2000 }, () => [newRequestId(), randomUUID()]).flat();
    // Act
    const refused = issued.filter((ref) => !isIssuedRef(ref));
    // Assess
    expect(refused).toEqual([]);
  });

  it.each(['JKJaXmPLvHcESHA=', 'Ew7sEhpYoAMEbNg=', 'b7f3c2d1-4e5a-4c6b-9d8e-0f1a2b3c4d5e'])('accepts %s', (ref) => {
    expect(isIssuedRef(ref)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['text a third party wrote', 'Call-us-at-555-0100'],
    ['base64 one character short', 'JKJaXmPLvHcESH='],
    ['base64 without padding', 'JKJaXmPLvHcESHAA'],
    ['base64 whose last character has bits that 11 bytes cannot set', 'JKJaXmPLvHcESHB='],
    ['base64url characters', 'JKJaXmPLvH-_SHA='],
    ['an uppercase UUID', 'B7F3C2D1-4E5A-4C6B-9D8E-0F1A2B3C4D5E'],
    ['a UUID with a trailing character', 'b7f3c2d1-4e5a-4c6b-9d8e-0f1a2b3c4d5e0'],
    ['a newline after a valid ref', 'JKJaXmPLvHcESHA=\n'],
    ['the test fixtures’ ref', 'req-1-2-abcd'],
  ])('refuses %s', (_name, ref) => {
    expect(isIssuedRef(ref)).toBe(false);
  });
});
