#include "auth/address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace cairn::auth {
namespace {

struct parsed {
  int family = 0;  // AF_INET, AF_INET6, or 0 when not an address
  in_addr v4{};
  in6_addr v6{};
};

parsed parse(std::string_view addr) {
  parsed p;
  if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']')
    addr = addr.substr(1, addr.size() - 2);
  if (auto pct = addr.find('%'); pct != std::string_view::npos) addr = addr.substr(0, pct);
  char buf[INET6_ADDRSTRLEN];
  // UNSAFE: copies addr into buf; the size check above leaves room for NUL.
  if (addr.empty() || addr.size() >= sizeof buf) return p;
  std::memcpy(buf, addr.data(), addr.size());
  buf[addr.size()] = '\0';
  if (inet_pton(AF_INET, buf, &p.v4) == 1) {
    p.family = AF_INET;
  } else if (inet_pton(AF_INET6, buf, &p.v6) == 1) {
    p.family = AF_INET6;
    if (IN6_IS_ADDR_V4MAPPED(&p.v6)) {
      p.family = AF_INET;
      // UNSAFE: the last 4 of the 16 bytes are the IPv4 address.
      std::memcpy(&p.v4, p.v6.s6_addr + 12, 4);
    }
  }
  return p;
}

std::string to_text(const parsed& p) {
  char buf[INET6_ADDRSTRLEN];
  const void* src = p.family == AF_INET ? static_cast<const void*>(&p.v4) : &p.v6;
  if (inet_ntop(p.family, src, buf, sizeof buf) == nullptr) return {};
  return buf;
}

std::string opaque_key(std::string_view addr) {
  return std::string(addr.substr(0, address_key_max));
}

}  // namespace

std::string canonical_address(std::string_view addr) {
  parsed p = parse(addr);
  if (p.family == 0) return opaque_key(addr);
  return to_text(p);
}

std::string address_group(std::string_view addr, unsigned v6_prefix) {
  parsed p = parse(addr);
  if (p.family == 0) return opaque_key(addr);
  if (p.family == AF_INET || v6_prefix == 0 || v6_prefix >= 128) return to_text(p);
  // UNSAFE: bit < 128 keeps bit / 8 within the 16 bytes of s6_addr.
  for (unsigned bit = v6_prefix; bit < 128; ++bit)
    p.v6.s6_addr[bit / 8] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
  return to_text(p) + "/" + std::to_string(v6_prefix);
}

}  // namespace cairn::auth
