/** The public profile's rules: what a display name, login URL, support email and support URL may be. */
import { InfoauthError } from '../../lambdas/core/errors';
import {
  publicProfileDocument,
  publicProfileFrom,
  withProfileChanges,
  type PublicProfileField,
} from '../../lambdas/core/public-profile';

const ACME = {
  displayName: 'Acme Portal',
  loginUrl: 'https://portal.acme.example/login',
  supportEmail: 'help@acme.example',
  supportUrl: 'https://acme.example/support',
};

describe('withProfileChanges', () => {
  it('sets every field from nothing, and keeps what a change does not name', () => {
    // Act
    const created = withProfileChanges(undefined, ACME);
    const renamed = withProfileChanges(created, { displayName: 'Acme Intranet' });
    // Assess
    expect(created).toEqual(ACME);
    expect(renamed).toEqual({ ...ACME, displayName: 'Acme Intranet' });
  });

  it('removes a field given as an empty value, and the whole profile when nothing is left', () => {
    // Act
    const withoutLogin = withProfileChanges(ACME, { loginUrl: '' });
    const empty = withProfileChanges({ displayName: 'Acme' }, { displayName: '' });
    // Assess
    expect(withoutLogin).toEqual({
      displayName: 'Acme Portal',
      supportEmail: ACME.supportEmail,
      supportUrl: ACME.supportUrl,
    });
    expect(empty).toBeUndefined();
  });

  it.each([
    ['http on localhost', 'http://localhost:3000/login'],
    ['http on 127.0.0.1', 'http://127.0.0.1:3000/demo/'],
    ['http on [::1]', 'http://[::1]:8080/'],
  ])('accepts a login URL with %s', (_name, loginUrl) => {
    expect(withProfileChanges(undefined, { loginUrl })?.loginUrl).toBe(new URL(loginUrl).href);
  });

  it('accepts a display name of exactly 100 characters, counted as characters (not UTF-16 units)', () => {
    const name = '😀'.repeat(100);
    expect(withProfileChanges(undefined, { displayName: name })?.displayName).toBe(name);
  });

  it.each<[string, PublicProfileField, string, RegExp]>([
    ['a display name over 100 characters', 'displayName', 'a'.repeat(101), /--display-name must be 1 to 100/],
    ['a display name with a newline', 'displayName', 'Acme\nPortal', /--display-name/],
    ['a display name with a C1 control', 'displayName', 'Acme\u0085', /--display-name/],
    ['a display name with a bidi override', 'displayName', 'Acme \u202Elatrop', /--display-name/],
    ['a display name of blanks', 'displayName', '   ', /--display-name/],
    ['an http login URL off loopback', 'loginUrl', 'http://portal.acme.example/', /--login-url must be an https URL/],
    ['a javascript: login URL', 'loginUrl', 'javascript:alert(1)', /--login-url/],
    ['a relative login URL', 'loginUrl', '/login', /--login-url/],
    ['a login URL with credentials', 'loginUrl', 'https://user:pw@acme.example/', /--login-url/],
    ['a data: support URL', 'supportUrl', 'data:text/html,<b>x</b>', /--support-url/],
    [
      'an http support URL on a look-alike of localhost',
      'supportUrl',
      'http://localhost.evil.example/',
      /--support-url/,
    ],
    ['a support email without a domain', 'supportEmail', 'help@', /--support-email must be an email address/],
    [
      'a support email with a header injection',
      'supportEmail',
      'help@acme.example\r\nBcc: x@evil.example',
      /--support-email/,
    ],
  ])('refuses %s, naming the option', (_name, field, value, message) => {
    // Act
    const attempt = () => withProfileChanges(ACME, { [field]: value });
    // Assess
    expect(attempt).toThrow(InfoauthError);
    expect(attempt).toThrow(message);
  });
});

describe('publicProfileFrom and publicProfileDocument (what the profile route serves)', () => {
  it('drops stored fields that fail the checks, so a hand-edited item never reaches a browser', () => {
    // Act
    const profile = publicProfileFrom({
      displayName: 'Acme',
      loginUrl: 'javascript:alert(1)',
      supportEmail: 42,
      supportUrl: 'https://acme.example/help',
      secretHash: 'abc',
    });
    // Assess
    expect(profile).toEqual({ displayName: 'Acme', supportUrl: 'https://acme.example/help' });
  });

  it('serves the client id with the profile, and nothing for a configuration without one', () => {
    expect(publicProfileDocument({ clientId: 'c1', profile: ACME })).toEqual({ clientId: 'c1', ...ACME });
    expect(publicProfileDocument({ clientId: 'c1' })).toBeUndefined();
    expect(publicProfileDocument({ clientId: 'c1', profile: { loginUrl: 'ftp://x' } })).toBeUndefined();
  });
});
