#include "protocol/list_pattern.hpp"

namespace cairn::proto {

list_matcher::list_matcher(std::string pattern, char delimiter) : pattern_(std::move(pattern)), delim_(delimiter) {
  // Runs of "*" are equivalent to one "*"; "%*" and "*%" to "*".
  std::string p;
  for (char c : pattern_) {
    if ((c == '*' || c == '%') && !p.empty() && (p.back() == '*' || p.back() == '%')) {
      if (c == '*') p.back() = '*';
      continue;
    }
    p += c;
  }
  pattern_ = std::move(p);
}

bool list_matcher::matches(std::string_view name) const {
  const std::size_t m = pattern_.size();
  // cur[i]: pattern prefix of length i matches the name prefix read so far.
  std::vector<char> cur(m + 1, 0), next(m + 1, 0);
  auto close = [&](std::vector<char>& v) {
    // A wildcard may match nothing: state i before a wildcard implies i+1.
    for (std::size_t i = 0; i < m; ++i)
      if (v[i] && (pattern_[i] == '*' || pattern_[i] == '%')) v[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (char c : name) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t i = 0; i < m; ++i) {
      if (!cur[i]) continue;
      char pc = pattern_[i];
      if (pc == '*' || (pc == '%' && c != delim_)) {
        next[i] = 1;  // the wildcard eats c and stays
        any = true;
      } else if (pc == c) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    cur.swap(next);
  }
  return cur[m] != 0;
}

std::string join_reference(std::string_view reference, std::string_view pattern, char delimiter) {
  // RFC 9051 section 6.3.9 leaves the joining to the server; like Dovecot,
  // the reference is a plain prefix, ignored when the pattern is absolute.
  if (reference.empty() || (!pattern.empty() && pattern.front() == delimiter)) return std::string(pattern);
  std::string out(reference);
  out += pattern;
  return out;
}

std::string canonical_inbox(std::string name, char delimiter) {
  std::size_t end = name.find(delimiter);
  if (end == std::string::npos) end = name.size();
  if (end == 5) {
    bool eq = true;
    for (std::size_t i = 0; i < 5; ++i)
      if ((name[i] & ~0x20) != "INBOX"[i]) eq = false;
    if (eq) name.replace(0, 5, "INBOX");
  }
  return name;
}

}  // namespace cairn::proto
