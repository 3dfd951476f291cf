#pragma once
// A cursor over one received command (see receiver.hpp) that reads the IMAP
// grammar's pieces: atoms, strings, literals, numbers, lists. Pure.
//
// Contract:
//  - Every reader returns std::nullopt / false on mismatch and records the
//    first error (later errors do not overwrite it); error() is a short
//    reason fit for a tagged BAD. After a failure the position is unspecified.
//  - Literals are read as the receiver left them: "{n}\r\n" (or "{n+}",
//    "~{n}") followed by exactly n bytes; the receiver guarantees the bytes
//    are present, the parser checks anyway.
//  - Views returned point into the command text, which must outlive them.
//  - Nesting of parenthesised lists is bounded by max_depth (enter()/leave()).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cairn::proto {

class parser {
 public:
  explicit parser(std::string_view text, unsigned max_depth = 100) : s_(text), max_depth_(max_depth) {}

  bool at_end() const { return pos_ >= s_.size(); }
  std::size_t pos() const { return pos_; }
  std::string_view rest() const { return s_.substr(pos_ < s_.size() ? pos_ : s_.size()); }
  int peek() const { return at_end() ? -1 : static_cast<unsigned char>(s_[pos_]); }
  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }
  bool fail(std::string_view why);  // records the first reason; returns false

  // Single characters.
  bool consume(char c);             // true and advances if the next byte is c
  void skip(std::size_t n) { pos_ = std::min(pos_ + n, s_.size()); }
  bool expect(char c, std::string_view what);
  bool sp();                        // one space; "Missing arguments" at the end
  bool expect_end();                // nothing may follow
  // Case-insensitive keyword followed by a non-atom byte (or end).
  bool consume_word(std::string_view upper);

  // tag = 1*<ASTRING-CHAR except "+">
  std::optional<std::string_view> tag();
  // 1*ATOM-CHAR. With `extra`, bytes from that set are also accepted
  // (e.g. "]" for astring, "%*" for list-mailbox, "[]<>." for fetch atts).
  std::optional<std::string_view> atom(std::string_view extra = {});
  // An atom made upper-case (command names, keywords of the grammar).
  std::optional<std::string> keyword(std::string_view extra = {});
  // string = quoted / literal, value unescaped.
  std::optional<std::string> string();
  std::optional<std::string> astring();
  std::optional<std::string> nstring(bool& is_nil);
  // A literal's bytes without copying (APPEND data); `binary` tells "~{n}".
  std::optional<std::string_view> literal_view(bool* binary = nullptr);
  bool at_literal() const;          // next is "{" or "~{"
  bool at_string() const { return peek() == '"' || at_literal(); }

  // number = 1*DIGIT (32-bit); nz-number; number64 (63-bit, RFC 9051).
  std::optional<std::uint32_t> number();
  std::optional<std::uint32_t> nz_number();
  std::optional<std::uint64_t> number64();

  // Lists: "(" ... ")" with depth accounting.
  bool open_list();
  bool close_list();
  unsigned depth() const { return depth_; }

 private:
  std::optional<std::string> quoted();
  std::string_view s_;
  std::size_t pos_ = 0;
  unsigned depth_ = 0;
  unsigned max_depth_;
  bool failed_ = false;
  std::string error_;
};

// The deepest nesting of parenthesised lists in a received command
// (receiver.hpp form), outside quoted strings and literals; stops counting
// at `cap` + 1. Lets the session refuse a too-deep command whatever its
// grammar (limits.nesting) before any reader recurses into it.
unsigned list_depth(std::string_view command, unsigned cap);

}  // namespace cairn::proto
