#pragma once
// Keys for per-address state (throttle, connection counts). Addresses arrive
// as text from the network layer; two spellings of one address must share
// one key, or an attacker could dodge a penalty by writing "::ffff:1.2.3.4"
// instead of "1.2.3.4".
#include <cstddef>
#include <string>
#include <string_view>

namespace cairn::auth {

// Longest key kept: an IPv6 address with a zone and a prefix fits easily.
// Keys from anywhere else (unparseable text) are cut to this length so a
// table of them stays bounded in bytes, not only in entries.
inline constexpr std::size_t address_key_max = 64;

// Canonical text of an IP address: "192.0.2.1", "2001:db8::1" (RFC 5952,
// as inet_ntop writes it). Accepts brackets ("[::1]") and drops an IPv6
// zone ("fe80::1%eth0"). An IPv4-mapped IPv6 address becomes its IPv4 form.
// Text that is not an IP address is returned as is (cut to address_key_max),
// so callers may key on anything ("unix", a test name).
std::string canonical_address(std::string_view addr);

// Like canonical_address, but an IPv6 address is reduced to its first
// `v6_prefix` bits and written "2001:db8:1:2::/64". One IPv6 host usually
// owns a whole /64, so throttling single IPv6 addresses would be no throttle
// at all. v6_prefix >= 128 (or 0) keeps the whole address.
std::string address_group(std::string_view addr, unsigned v6_prefix);

}  // namespace cairn::auth
