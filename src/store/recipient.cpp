#include "store/recipient.hpp"

#include <algorithm>

namespace cairn::store {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool usable(std::string_view address) {
  if (address.empty() || address.size() > 320) return false;
  for (unsigned char c : address)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace

address_parts split_address(std::string_view address) {
  address_parts p;
  auto at = address.rfind('@');
  if (at == std::string_view::npos) {
    p.local = std::string(address);
    return p;
  }
  p.local = std::string(address.substr(0, at));
  p.domain = lower(address.substr(at + 1));
  return p;
}

result<recipient> resolve_recipient(directory& users, std::string_view address, const recipient_options& opt) {
  if (!usable(address)) return errc::parse_error;
  const address_parts parts = split_address(address);
  if (parts.local.empty()) return errc::not_found;

  // The local part without its detail, and the detail.
  std::string base = parts.local, detail;
  if (!opt.delimiters.empty()) {
    auto cut = parts.local.find_first_of(opt.delimiters);
    if (cut != std::string::npos && cut > 0) {
      base = parts.local.substr(0, cut);
      detail = parts.local.substr(cut + 1);
    }
  }
  const bool has_detail = base != parts.local;

  const bool local_domain =
      parts.domain.empty() || opt.local_domains.empty() ||
      std::find(opt.local_domains.begin(), opt.local_domains.end(), parts.domain) != opt.local_domains.end();

  struct candidate {
    std::string name;
    bool with_detail;
  };
  std::vector<candidate> tries;
  if (!parts.domain.empty()) {
    tries.push_back({parts.local + "@" + parts.domain, false});
    if (has_detail) tries.push_back({base + "@" + parts.domain, true});
  }
  if (local_domain) {
    tries.push_back({parts.local, false});
    if (has_detail) tries.push_back({base, true});
  }
  for (const auto& t : tries) {
    auto u = users.find_user(t.name);
    if (u) return recipient{std::move(*u), t.with_detail ? detail : std::string()};
    if (u.error() != errc::not_found) return u.error();
  }
  return errc::not_found;
}

}  // namespace cairn::store
