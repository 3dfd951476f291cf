#pragma once
// LIST / LSUB pattern matching (RFC 9051 section 6.3.9): "*" matches zero or
// more characters, "%" matches zero or more characters but not the
// hierarchy delimiter. Names and patterns are UTF-8, matched byte by byte;
// since "%" and "*" are ASCII, a multi-byte character is never split.
//
// matches() runs in O(name x pattern) time and O(pattern) memory whatever
// the pattern, so "*%*%*%..." cannot make a LIST slow (no backtracking).
#include <string>
#include <string_view>
#include <vector>

namespace cairn::proto {

class list_matcher {
 public:
  explicit list_matcher(std::string pattern, char delimiter = '/');
  bool matches(std::string_view name) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  char delim_;
};

// Joins LIST's reference and pattern (RFC 9051 section 6.3.9): a pattern
// starting with the delimiter is absolute; otherwise reference + pattern,
// as a plain prefix (as Dovecot does).
std::string join_reference(std::string_view reference, std::string_view pattern, char delimiter = '/');

// "INBOX" is case-insensitive (RFC 9051 section 5.1): a first hierarchy
// component that equals "inbox" in any case is written "INBOX".
std::string canonical_inbox(std::string name, char delimiter = '/');

}  // namespace cairn::proto
