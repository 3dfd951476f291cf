#include "protocol/parser.hpp"

#include "protocol/writer.hpp"

namespace cairn::proto {

bool parser::fail(std::string_view why) {
  if (!failed_) {
    failed_ = true;
    error_ = std::string(why);
  }
  return false;
}

bool parser::consume(char c) {
  if (!at_end() && s_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

bool parser::expect(char c, std::string_view what) { return consume(c) || fail(what); }

bool parser::expect_end() {
  if (at_end()) return true;
  // Right after a space (e.g. the one after a command name that takes no
  // arguments) the rest is an argument too many.
  if (s_[pos_] == ' ' || (pos_ > 0 && s_[pos_ - 1] == ' ')) return fail("Unexpected extra arguments");
  return fail("Unexpected characters at the end of the command");
}

bool parser::sp() {
  if (consume(' ')) return true;
  return fail(at_end() ? "Missing arguments" : "Expected a space");
}

bool parser::consume_word(std::string_view upper) {
  if (s_.size() - std::min(pos_, s_.size()) < upper.size()) return false;
  for (std::size_t k = 0; k < upper.size(); ++k) {
    char c = s_[pos_ + k];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c != upper[k]) return false;
  }
  std::size_t end = pos_ + upper.size();
  if (end < s_.size() && is_atom_char(static_cast<unsigned char>(s_[end])) && s_[end] != '[' &&
      s_[end] != '.' && s_[end] != '<')
    return false;
  pos_ = end;
  return true;
}

std::optional<std::string_view> parser::tag() {
  std::size_t start = pos_;
  while (!at_end()) {
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (!(is_atom_char(c) || c == ']') || c == '+') break;
    ++pos_;
  }
  if (pos_ == start) {
    fail("Missing or invalid tag");
    return std::nullopt;
  }
  return s_.substr(start, pos_ - start);
}

std::optional<std::string_view> parser::atom(std::string_view extra) {
  std::size_t start = pos_;
  while (!at_end()) {
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (!is_atom_char(c) && extra.find(static_cast<char>(c)) == std::string_view::npos) break;
    if (c == '{' || c == '(' || c == ')' || c == ' ' || c < 0x20 || c >= 0x7f) break;
    ++pos_;
  }
  if (pos_ == start) {
    fail(at_end() ? "Missing arguments" : "Expected an atom");
    return std::nullopt;
  }
  return s_.substr(start, pos_ - start);
}

std::optional<std::string> parser::keyword(std::string_view extra) {
  auto a = atom(extra);
  if (!a) return std::nullopt;
  std::string k(*a);
  for (char& c : k)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return k;
}

bool parser::at_literal() const {
  int c = peek();
  if (c == '{') return true;
  return c == '~' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '{';
}

std::optional<std::string_view> parser::literal_view(bool* binary) {
  bool bin = consume('~');
  if (binary) *binary = bin;
  if (!consume('{')) {
    fail("Expected a literal");
    return std::nullopt;
  }
  std::uint64_t n = 0;
  std::size_t digits = 0;
  while (!at_end() && s_[pos_] >= '0' && s_[pos_] <= '9') {
    n = n * 10 + static_cast<unsigned>(s_[pos_] - '0');
    if (n > s_.size()) {
      fail("Literal larger than the command");
      return std::nullopt;
    }
    ++pos_;
    ++digits;
  }
  if (digits == 0) {
    fail("Expected a literal size");
    return std::nullopt;
  }
  consume('+');
  if (!consume('}') || !consume('\r') || !consume('\n')) {
    fail("Bad literal");
    return std::nullopt;
  }
  if (s_.size() - pos_ < n) {
    fail("Literal shorter than announced");
    return std::nullopt;
  }
  std::string_view v = s_.substr(pos_, static_cast<std::size_t>(n));
  pos_ += static_cast<std::size_t>(n);
  return v;
}

std::optional<std::string> parser::quoted() {
  if (!consume('"')) {
    fail("Expected a quoted string");
    return std::nullopt;
  }
  std::string out;
  while (true) {
    if (at_end()) {
      fail("Missing closing quote");
      return std::nullopt;
    }
    char c = s_[pos_++];
    if (c == '"') return out;
    if (c == '\\') {
      if (at_end() || (s_[pos_] != '"' && s_[pos_] != '\\')) {
        fail("Bad escape in quoted string");
        return std::nullopt;
      }
      c = s_[pos_++];
    } else if (c == '\0' || c == '\r' || c == '\n') {
      fail("Invalid character in quoted string");
      return std::nullopt;
    }
    out += c;
  }
}

std::optional<std::string> parser::string() {
  if (peek() == '"') return quoted();
  if (at_literal()) {
    bool binary = false;
    auto v = literal_view(&binary);
    if (!v) return std::nullopt;
    if (binary) {
      fail("literal8 is not allowed here");
      return std::nullopt;
    }
    if (v->find('\0') != std::string_view::npos) {
      fail("NUL in a literal");
      return std::nullopt;
    }
    return std::string(*v);
  }
  fail(at_end() ? "Missing arguments" : "Expected a string");
  return std::nullopt;
}

std::optional<std::string> parser::astring() {
  if (at_string()) return string();
  auto a = atom("]");
  if (!a) return std::nullopt;
  return std::string(*a);
}

std::optional<std::string> parser::nstring(bool& is_nil) {
  is_nil = false;
  if (consume_word("NIL")) {
    is_nil = true;
    return std::string();
  }
  return string();
}

std::optional<std::uint64_t> parser::number64() {
  std::size_t start = pos_;
  std::uint64_t n = 0;
  while (!at_end() && s_[pos_] >= '0' && s_[pos_] <= '9') {
    unsigned d = static_cast<unsigned>(s_[pos_] - '0');
    if (n > (9223372036854775807ull - d) / 10) {
      fail("Number too large");
      return std::nullopt;
    }
    n = n * 10 + d;
    ++pos_;
  }
  if (pos_ == start) {
    fail(at_end() ? "Missing arguments" : "Expected a number");
    return std::nullopt;
  }
  return n;
}

std::optional<std::uint32_t> parser::number() {
  auto n = number64();
  if (!n) return std::nullopt;
  if (*n > 0xffffffffull) {
    fail("Number too large");
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*n);
}

std::optional<std::uint32_t> parser::nz_number() {
  if (peek() == '0') {
    fail("Expected a non-zero number");
    return std::nullopt;
  }
  return number();
}

bool parser::open_list() {
  if (!consume('(')) return fail(at_end() ? "Missing arguments" : "Expected '('");
  if (++depth_ > max_depth_) return fail("Nested too deeply");
  return true;
}

bool parser::close_list() {
  if (!consume(')')) return fail("Expected ')'");
  --depth_;
  return true;
}

unsigned list_depth(std::string_view c, unsigned cap) {
  unsigned depth = 0, deepest = 0;
  std::size_t i = 0;
  while (i < c.size() && deepest <= cap) {
    char ch = c[i];
    if (ch == '"') {
      // A quoted string: skip to its closing quote (escapes included).
      for (++i; i < c.size() && c[i] != '"'; ++i)
        if (c[i] == '\\') ++i;
      ++i;
    } else if (ch == '{') {
      // "{n}\r\n" or "{n+}\r\n" and n bytes: only a literal has a CRLF
      // inside a received command.
      std::size_t j = i + 1;
      std::uint64_t n = 0;
      while (j < c.size() && c[j] >= '0' && c[j] <= '9' && n <= c.size()) n = n * 10 + static_cast<unsigned>(c[j++] - '0');
      const bool digits = j > i + 1;
      if (j < c.size() && c[j] == '+') ++j;
      if (digits && c.substr(j).substr(0, 3) == "}\r\n") {
        i = j + 3;
        i = n > c.size() - i ? c.size() : i + static_cast<std::size_t>(n);
      } else {
        ++i;
      }
    } else {
      if (ch == '(') deepest = std::max(deepest, ++depth);
      else if (ch == ')' && depth > 0) --depth;
      ++i;
    }
  }
  return deepest;
}

}  // namespace cairn::proto
