#include "protocol/writer.hpp"

#include <charconv>

namespace cairn::proto {
namespace {

// ATOM-CHAR = <any CHAR except atom-specials>; atom-specials = "(" / ")" /
// "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials.
constexpr bool atom_char_table(unsigned char c) {
  if (c <= 0x1f || c >= 0x7f) return false;
  switch (c) {
    case '(': case ')': case '{': case ' ': case '%': case '*': case '"': case '\\': case ']':
      return false;
    default:
      return true;
  }
}

enum class form { atom, quoted, literal };

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF).
std::size_t utf8_seq(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) n = 3;
  else if (c >= 0xf0 && c <= 0xf4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xc0) != 0x80) return 0;
  unsigned char c1 = b(i + 1);
  if (c == 0xe0 && c1 < 0xa0) return 0;  // overlong
  if (c == 0xed && c1 > 0x9f) return 0;  // surrogates
  if (c == 0xf0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xf4 && c1 > 0x8f) return 0;  // > U+10FFFF
  return n;
}

// `bare`: 0 = must be a string, 1 = atom allowed, 2 = astring (ATOM-CHAR or ']').
form choose(std::string_view s, text_mode m, int bare) {
  bool atom = bare != 0 && !s.empty();
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t n = m.utf8 ? utf8_seq(s, i) : 0;
      if (n == 0) return form::literal;
      atom = false;
      i += n;
      continue;
    }
    if (c == 0 || c == '\r' || c == '\n') return form::literal;
    if (atom && !atom_char_table(c) && !(bare == 2 && c == ']')) atom = false;
    ++i;
  }
  if (atom && s.size() == 3 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'i' && (s[2] | 0x20) == 'l')
    atom = false;
  return atom ? form::atom : form::quoted;
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

bool is_atom_char(unsigned char c) { return atom_char_table(c); }

bool is_atom(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!atom_char_table(c)) return false;
  return true;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = utf8_seq(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void append_number(std::string& out, unsigned long long n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

void append_literal(std::string& out, std::string_view s) {
  out += '{';
  append_number(out, s.size());
  out += "}\r\n";
  std::size_t at = out.size();
  out += s;
  for (std::size_t i = at; i < out.size(); ++i)
    if (out[i] == '\0') out[i] = '\x80';
}

void append_literal8(std::string& out, std::string_view s) {
  out += "~{";
  append_number(out, s.size());
  out += "}\r\n";
  out += s;
}

void append_string(std::string& out, std::string_view s, text_mode m) {
  if (choose(s, m, 0) == form::quoted) append_quoted(out, s);
  else append_literal(out, s);
}

void append_nstring(std::string& out, const std::optional<std::string_view>& s, text_mode m) {
  if (!s) out += "NIL";
  else append_string(out, *s, m);
}

void append_astring(std::string& out, std::string_view s, text_mode m) {
  switch (choose(s, m, 2)) {
    case form::atom: out += s; break;
    case form::quoted: append_quoted(out, s); break;
    case form::literal: append_literal(out, s); break;
  }
}

}  // namespace cairn::proto
