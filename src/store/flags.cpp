#include "store/flags.hpp"

#include <algorithm>

namespace cairn::store {

namespace {
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains(const std::vector<std::string>& v, std::string_view k) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& x) { return keyword_equal(x, k); });
}
}  // namespace

bool keyword_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool keyword_less(std::string_view a, std::string_view b) noexcept {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(lower(x)) < static_cast<unsigned char>(lower(y));
  });
}

void normalize_keywords(std::vector<std::string>& keywords) {
  // stable: among equal keywords the first spelling stays first, and unique
  // keeps the first of a run.
  std::stable_sort(keywords.begin(), keywords.end(),
                   [](const std::string& a, const std::string& b) { return keyword_less(a, b); });
  keywords.erase(std::unique(keywords.begin(), keywords.end(),
                             [](const std::string& a, const std::string& b) { return keyword_equal(a, b); }),
                 keywords.end());
}

flags apply_flags(const flags& old, flag_op op, const flags& arg) {
  flags out;
  switch (op) {
    case flag_op::set:
      out.system = arg.system;
      for (const auto& k : arg.keywords) {
        // Keep the spelling the message already had.
        auto it = std::find_if(old.keywords.begin(), old.keywords.end(),
                               [&](const std::string& x) { return keyword_equal(x, k); });
        out.keywords.push_back(it != old.keywords.end() ? *it : k);
      }
      break;
    case flag_op::add:
      out.system = old.system | arg.system;
      out.keywords = old.keywords;
      for (const auto& k : arg.keywords)
        if (!contains(out.keywords, k)) out.keywords.push_back(k);
      break;
    case flag_op::remove:
      out.system = old.system & static_cast<std::uint8_t>(~arg.system);
      for (const auto& k : old.keywords)
        if (!contains(arg.keywords, k)) out.keywords.push_back(k);
      break;
  }
  out.system &= system_flags_mask;
  normalize_keywords(out.keywords);
  return out;
}

}  // namespace cairn::store
