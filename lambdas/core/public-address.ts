/**
 * Which network addresses the service may fetch a client's keys from: public unicast only. Loopback,
 * private, shared (carrier-grade NAT), link-local (with the cloud metadata address 169.254.169.254),
 * unspecified, multicast, reserved and documentation ranges are refused, in IPv4, in IPv6, and in the
 * IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4). A fetch that could
 * reach one of these would let anyone who sets a JWKS URI probe the service's own network (SSRF).
 */
import { BlockList, isIP } from 'node:net';

const REFUSED_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, with the instance metadata service 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, with the broadcast address
];

const REFUSED_V6: readonly (readonly [string, number])[] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2001::', 23], // IETF protocol assignments (Teredo and others)
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
  ['fd00:ec2::254', 128], // the EC2 metadata service over IPv6 (also inside fc00::/7; named for clarity)
];

const refusedV4 = new BlockList();
for (const [network, prefix] of REFUSED_V4) refusedV4.addSubnet(network, prefix, 'ipv4');
const refusedV6 = new BlockList();
for (const [network, prefix] of REFUSED_V6) refusedV6.addSubnet(network, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address in any textual form (`::`, embedded dotted IPv4), or undefined. */
function ipv6Bytes(address: string): Uint8Array | undefined {
  let text = address.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted !== undefined) {
    const parts = dotted.split('.').map(Number);
    const hex = (hi = 0, lo = 0) => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, -dotted.length)}${hex(parts[0], parts[1])}:${hex(parts[2], parts[3])}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tail];
  if (all.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  all.forEach((group, index) => {
    const value = parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}

const dottedOf = (bytes: Uint8Array, from: number) => Array.from(bytes.subarray(from, from + 4)).join('.');
const allZero = (bytes: Uint8Array, from: number, to: number) => bytes.subarray(from, to).every((byte) => byte === 0);

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped `::ffff:a.b.c.d`,
 * IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`.
 */
function embeddedIpv4(bytes: Uint8Array): string | undefined {
  if (allZero(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return dottedOf(bytes, 12);
  if (allZero(bytes, 0, 12)) return dottedOf(bytes, 12);
  const nat64 = [0x00, 0x64, 0xff, 0x9b];
  if (nat64.every((byte, index) => bytes[index] === byte) && allZero(bytes, 4, 12)) return dottedOf(bytes, 12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return dottedOf(bytes, 2);
  return undefined;
}

/**
 * True when `address` (an IP address as text, as a resolver returns it) is a public unicast address
 * the service may connect to. Anything that is not an IP address is not public.
 * @example isPublicAddress('93.184.216.34') === true; isPublicAddress('::ffff:169.254.169.254') === false
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 4) return !refusedV4.check(address, 'ipv4');
  if (family !== 6) return false;
  const bytes = ipv6Bytes(address);
  if (!bytes) return false;
  const v4 = embeddedIpv4(bytes);
  // An address that embeds IPv4 is as public as that IPv4 address (::a.b.c.d and 6to4 included).
  if (v4 !== undefined) return !refusedV4.check(v4, 'ipv4');
  return !refusedV6.check(address.split('%')[0] ?? '', 'ipv6');
}

/** True for a loopback address (127/8, ::1, or IPv4-mapped loopback): allowed only under the local run. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return address.startsWith('127.');
  const bytes = family === 6 ? ipv6Bytes(address) : undefined;
  if (!bytes) return false;
  if (allZero(bytes, 0, 15) && bytes[15] === 1) return true;
  return embeddedIpv4(bytes)?.startsWith('127.') ?? false;
}
