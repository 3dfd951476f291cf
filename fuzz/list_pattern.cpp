// fuzz-deps: cairn_protocol
// Fuzzes the LIST pattern matcher (protocol/list_pattern.hpp) against a
// plain backtracking matcher written from RFC 9051 section 6.3.9 ("*"
// matches zero or more characters, "%" the same without the hierarchy
// delimiter), on small inputs where backtracking is cheap. Also runs
// join_reference and canonical_inbox, and checks that canonical_inbox is
// idempotent and touches only a first "inbox" level.
//
// Input: reference NUL pattern NUL name NUL name ... (every name is matched).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/list_pattern.hpp"

using namespace cairn::proto;

namespace {

bool reference_match(std::string_view p, std::string_view n, char delim) {
  if (p.empty()) return n.empty();
  if (p[0] == '*') {
    for (std::size_t k = 0; k <= n.size(); ++k)
      if (reference_match(p.substr(1), n.substr(k), delim)) return true;
    return false;
  }
  if (p[0] == '%') {
    for (std::size_t k = 0; k <= n.size(); ++k) {
      if (reference_match(p.substr(1), n.substr(k), delim)) return true;
      if (k < n.size() && n[k] == delim) return false;
    }
    return false;
  }
  return !n.empty() && n[0] == p[0] && reference_match(p.substr(1), n.substr(1), delim);
}

std::size_t wildcards(std::string_view p) {
  std::size_t w = 0;
  for (char c : p) w += c == '*' || c == '%';
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() < 64) {
    std::size_t z = in.find('\0');
    parts.push_back(in.substr(0, z));
    if (z == std::string_view::npos) break;
    in.remove_prefix(z + 1);
  }
  if (parts.size() < 2) return 0;
  const std::string joined = join_reference(parts[0], parts[1]);
  // An absolute pattern ignores the reference; otherwise it is a prefix.
  if (!parts[1].empty() && parts[1][0] == '/') {
    if (joined != parts[1]) std::abort();
  } else if (joined != std::string(parts[0]) + std::string(parts[1])) {
    std::abort();
  }
  const std::string canon = canonical_inbox(joined);
  if (canonical_inbox(canon) != canon || canon.size() != joined.size()) std::abort();
  if (joined.size() > 5 && canon.compare(5, std::string::npos, joined, 5, std::string::npos) != 0) std::abort();

  for (char delim : {'/', '.'}) {
    list_matcher m(canon, delim);
    // The backtracking reference is exponential in wildcards: small cases.
    const bool small = canon.size() <= 24 && wildcards(canon) <= 6;
    for (std::size_t i = 2; i < parts.size(); ++i) {
      std::string_view name = parts[i];
      bool got = m.matches(name);
      if (small && name.size() <= 32 && got != reference_match(canon, name, delim)) std::abort();
      // "*" alone matches everything; a pattern without wildcards only itself.
      if (canon == "*" && !got) std::abort();
      if (wildcards(canon) == 0 && got != (name == canon)) std::abort();
    }
  }
  return 0;
}
