import { isLoopbackAddress, isPublicAddress } from '../../lambdas/core/public-address';
import { checkJwksUri } from '../../lambdas/core/jwks-uri';

describe('isPublicAddress: where a JWKS URI fetch may connect', () => {
  it.each([
    ['93.184.216.34'],
    ['8.8.8.8'],
    ['172.32.0.1'], // just above 172.16/12
    ['100.128.0.1'], // just above 100.64/10
    ['2606:4700:4700::1111'],
    ['::ffff:8.8.8.8'],
    ['2002:808:808::1'], // 6to4 of a public address
  ])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.5', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'the instance metadata address'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '0/8'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fd00:ec2::254', 'the EC2 metadata address over IPv6'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::10.0.0.1', 'IPv4-compatible private'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['2002:a00:1::1', '6to4 of a private address'],
    ['2001:db8::1', 'documentation'],
    ['not-an-address', 'not an address at all'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::2', false],
    ['8.8.8.8', false],
  ])('isLoopbackAddress(%s) is %s (the local run allows only these besides public ones)', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe('checkJwksUri: the JWKS URI an operator may set', () => {
  const deployed = { localRun: false };
  const local = { localRun: true };

  it('keeps an https URL on a public host as it is (normalised)', () => {
    expect(checkJwksUri('https://login.acme.example/.well-known/jwks.json', deployed)).toEqual({
      ok: true,
      uri: 'https://login.acme.example/.well-known/jwks.json',
    });
  });

  it.each([
    ['http://login.acme.example/jwks.json', 'https'],
    ['http://127.0.0.1:8080/jwks.json', 'https'],
    ['https://localhost/jwks.json', 'public host'],
    ['https://127.0.0.1/jwks.json', 'public host'],
    ['https://0x7f000001/jwks.json', 'public host'], // another spelling of 127.0.0.1
    ['https://[::1]/jwks.json', 'public host'],
    ['https://169.254.169.254/latest/meta-data', 'public host'],
    ['https://10.0.0.8/jwks.json', 'public host'],
    ['https://[::ffff:a9fe:a9fe]/jwks.json', 'public host'],
    ['https://user:pass@login.acme.example/jwks.json', 'without credentials'],
    ['https://login.acme.example/jwks.json#x', 'fragment'],
    ['ftp://login.acme.example/jwks.json', 'https'],
    ['jwks.json', 'https'],
  ])('refuses %s outside the local run (reason mentions "%s")', (uri, words) => {
    const checked = checkJwksUri(uri, deployed);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toContain(words);
  });

  it('refuses a URL longer than 2048 characters', () => {
    expect(checkJwksUri(`https://login.acme.example/${'a'.repeat(2048)}`, local).ok).toBe(false);
  });

  it.each([['http://127.0.0.1:8080/jwks.json'], ['http://localhost:8080/jwks.json'], ['https://127.0.0.1/jwks.json']])(
    'allows %s under the local run',
    (uri) => {
      expect(checkJwksUri(uri, local).ok).toBe(true);
    },
  );

  it.each([['http://login.acme.example/jwks.json'], ['http://10.0.0.8/jwks.json']])(
    'refuses plain http off loopback even under the local run: %s',
    (uri) => {
      expect(checkJwksUri(uri, local).ok).toBe(false);
    },
  );
});
