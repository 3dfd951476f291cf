#include "imap/flags.hpp"

#include "store/flags.hpp"

namespace cairn::imap {
namespace {
constexpr std::pair<std::uint8_t, const char*> system_flags[] = {
    {store::flag_answered, "\\Answered"}, {store::flag_flagged, "\\Flagged"}, {store::flag_deleted, "\\Deleted"},
    {store::flag_seen, "\\Seen"},         {store::flag_draft, "\\Draft"},
};
}  // namespace

store::flags to_store_flags(const std::vector<std::string>& wire) {
  store::flags f;
  for (const auto& w : wire) {
    bool sys = false;
    for (auto [bit, name] : system_flags)
      if (w == name) {
        f.system |= bit;
        sys = true;
      }
    if (!sys) f.keywords.push_back(w);
  }
  store::normalize_keywords(f.keywords);
  return f;
}

void append_flags(std::string& out, const store::flags& f, bool recent) {
  out += '(';
  bool first = true;
  auto add = [&](std::string_view s) {
    if (!first) out += ' ';
    out += s;
    first = false;
  };
  if (recent) add("\\Recent");
  for (auto [bit, name] : system_flags)
    if (f.system & bit) add(name);
  for (const auto& k : f.keywords) add(k);
  out += ')';
}

std::string flags_response(const std::vector<std::string>& keywords) {
  std::string s = "FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  for (const auto& k : keywords) {
    s += ' ';
    s += k;
  }
  s += ')';
  return s;
}

std::string permanent_flags(const std::vector<std::string>& keywords, bool read_only, bool may_create) {
  if (read_only) return "OK [PERMANENTFLAGS ()] Read-only mailbox";
  std::string s = "OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  for (const auto& k : keywords) {
    s += ' ';
    s += k;
  }
  if (may_create) s += " \\*";
  s += ")] Flags permitted";
  return s;
}

}  // namespace cairn::imap
