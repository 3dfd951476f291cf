#include "mime/rfc822.hpp"

#include <algorithm>
#include <cstdint>

#include "mime/charset.hpp"

namespace cairn::mime {
namespace {

// 1 = atext, 2 = alpha/digit/8-bit, 4 = atext but a MIME tspecial
// ('/', '=', '?'). The table is Dovecot's rfc822_atext_chars, so that what
// counts as an atom, a token or a phrase is the same as there.
constexpr std::uint8_t char_class(unsigned char c) {
  if (c >= 0x80) return 2;
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 2;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '^': case '_': case '`': case '{': case '|': case '}': case '~':
      return 1;
    case '/': case '=': case '?':
      return 4;
    default:
      return 0;
  }
}

bool is_lwsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

bool is_atext(unsigned char c) { return char_class(c) != 0; }
bool is_token_char(unsigned char c) {
  std::uint8_t k = char_class(c);
  return k == 1 || k == 2 || c == '.';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

int lexer::skip_comment() {
  // At '('. Nesting is a counter, not recursion.
  std::string* comment = comment_;
  if (comment) comment->clear();
  int level = 1;
  const char* start = ++p_;
  for (; p_ < end_; ++p_) {
    switch (*p_) {
      case '(':
        ++level;
        break;
      case ')':
        if (--level == 0) {
          if (comment) comment->append(start, p_);
          ++p_;
          return p_ < end_ ? 1 : 0;
        }
        break;
      case '\\':
        if (comment) comment->append(start, p_);
        start = p_ + 1;
        ++p_;
        if (p_ >= end_) return -1;
        break;
      default:
        break;
    }
  }
  return -1;  // missing ')'
}

int lexer::skip_cfws() {
  while (p_ < end_) {
    if (is_lwsp(*p_)) {
      ++p_;
      continue;
    }
    if (*p_ != '(') break;
    if (skip_comment() < 0) return -1;
  }
  return p_ < end_ ? 1 : 0;
}

int lexer::atom(std::string& out) {
  if (p_ >= end_ || !is_atext(static_cast<unsigned char>(*p_))) return -1;
  const char* start = p_++;
  while (p_ < end_ && is_atext(static_cast<unsigned char>(*p_))) ++p_;
  out.append(start, p_);
  if (p_ >= end_) return 0;
  return skip_cfws();
}

int lexer::dot_atom(std::string& out) {
  if (p_ >= end_ || !is_atext(static_cast<unsigned char>(*p_))) return -1;
  const char* start = p_++;
  while (p_ < end_) {
    if (is_atext(static_cast<unsigned char>(*p_))) {
      ++p_;
      continue;
    }
    out.append(start, p_);
    int r = skip_cfws();
    if (r <= 0) return r;
    if (*p_ != '.') return 1;
    ++p_;
    out += '.';
    r = skip_cfws();
    if (r <= 0) return r;
    start = p_;
  }
  out.append(start, p_);
  return 0;
}

int lexer::token(std::string& out) {
  const char* start = p_;
  while (p_ < end_ && is_token_char(static_cast<unsigned char>(*p_))) ++p_;
  out.append(start, p_);
  if (p_ >= end_) return 0;
  return skip_cfws();
}

int lexer::quoted_string(std::string& out) {
  ++p_;  // '"'
  const char* start = p_;
  for (; p_ < end_; ++p_) {
    switch (*p_) {
      case '"':
        out.append(start, p_);
        ++p_;
        if (p_ >= end_) return 0;
        return skip_cfws();
      case '\n': {
        // Folding inside the quotes: drop the (CR)LF, keep the WSP.
        const char* e = p_;
        if (e > start && e[-1] == '\r') --e;
        out.append(start, e);
        start = p_ + 1;
        break;
      }
      case '\\':
        ++p_;
        if (p_ >= end_) return -1;
        out.append(start, p_ - 1);
        start = p_;
        break;
      default:
        break;
    }
  }
  return -1;  // missing '"'
}

int lexer::atom_or_dot(std::string& out) {
  const char* start = p_;
  while (p_ < end_ && (is_atext(static_cast<unsigned char>(*p_)) || *p_ == '.')) ++p_;
  out.append(start, p_);
  if (p_ >= end_) return 0;
  return skip_cfws();
}

int lexer::phrase(std::string& out) {
  if (p_ >= end_) return 0;
  if (*p_ == '.') return -1;
  for (;;) {
    int r = *p_ == '"' ? quoted_string(out) : atom_or_dot(out);
    if (r <= 0) return r;
    unsigned char c = static_cast<unsigned char>(*p_);
    if (!is_atext(c) && c != '"' && c != '.') break;
    out += ' ';
  }
  return skip_cfws();
}

int lexer::domain_literal(std::string& out) {
  const char* start = p_;
  for (; p_ < end_; ++p_) {
    if (*p_ == '\\') {
      ++p_;
      if (p_ >= end_) break;
    } else if (*p_ == ']') {
      ++p_;
      out.append(start, p_);
      if (p_ >= end_) return 0;
      return skip_cfws();
    }
  }
  return -1;
}

int lexer::domain(std::string& out) {
  ++p_;  // '@'
  if (skip_cfws() <= 0) return -1;
  if (*p_ == '[') return domain_literal(out);
  return dot_atom(out);
}

int lexer::content_type(std::string& out) {
  // Dovecot 2.3 (rfc822_parse_content_type): a type with nothing after it
  // is kept ("text" -> type "text", no subtype); anything else that is not
  // "type/subtype" followed by the end or ';' is dropped entirely ("").
  const std::size_t start = out.size();
  if (skip_cfws() <= 0) return -1;
  if (token(out) <= 0 || out.size() == start) return -1;
  auto fail = [&] {
    out.resize(start);
    return -1;
  };
  if (*p_ != '/') return fail();
  ++p_;
  if (skip_cfws() <= 0) return fail();
  out += '/';
  const std::size_t sub = out.size();
  int r = token(out);
  if (r < 0 || out.size() == sub) return fail();
  if (r > 0 && *p_ != ';') return fail();
  return r;
}

int lexer::parameter(std::string& key, std::string& value) {
  key.clear();
  value.clear();
  if (p_ >= end_) return 0;
  if (*p_ != ';') return -1;
  ++p_;
  if (skip_cfws() <= 0) return -1;
  if (token(key) <= 0) return -1;
  if (*p_ != '=') return -1;
  ++p_;
  int r = skip_cfws();
  if (r <= 0) {
    // "name=" at the end: an empty value.
  } else if (*p_ == '"') {
    r = quoted_string(value);
  } else if (*p_ == '=') {
    // Broken but common: name==?utf-8?b?...?= (an unquoted encoded-word).
    while (p_ < end_ && *p_ != ';' && !is_lwsp(*p_)) value += *p_++;
  } else {
    r = token(value);
  }
  return r < 0 ? -1 : 1;
}

namespace {

struct continuation {
  std::string key;  // without "*n[*]"
  std::string value;
  unsigned index = 0;
  bool extended = false;
  std::size_t order = 0;
};

void escape_percent(std::string& out, std::string_view s) {
  for (char c : s) {
    if (c == '%') out += "%25";
    else out += c;
  }
}

}  // namespace

std::vector<param> parse_parameters(lexer& lx, bool* broken) {
  std::vector<param> plain;
  std::vector<continuation> cont;
  std::string key, value;
  int r;
  while ((r = lx.parameter(key, value)) != 0) {
    if (r < 0) {
      if (broken) *broken = true;
      // Try to go on after the broken one, as Dovecot does: skip one byte.
      if (lx.at_end()) break;
      lx.advance();
      continue;
    }
    std::size_t star = key.find('*');
    bool is_cont = false;
    if (star != std::string::npos) {
      continuation c;
      std::size_t i = star;
      if (i + 1 < key.size()) {
        ++i;
        for (; i < key.size() && key[i] >= '0' && key[i] <= '9'; ++i)
          c.index = c.index * 10 + static_cast<unsigned>(key[i] - '0');
      }
      if (i < key.size() && key[i] == '*') {
        c.extended = true;
        ++i;
      }
      if (i == key.size()) {
        is_cont = true;
        c.key = key.substr(0, star);
        c.value = value;
        c.order = cont.size();
        cont.push_back(std::move(c));
      }
    }
    if (!is_cont) plain.push_back({key, value});
  }
  if (cont.empty()) return plain;

  // Sort by name (bytewise, like strcmp), then index; stable for duplicates.
  std::stable_sort(cont.begin(), cont.end(), [](const continuation& a, const continuation& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.index < b.index;
  });
  for (std::size_t i = 0, next; i < cont.size(); i = next) {
    bool ok = true, have_extended = false;
    unsigned want = 0;
    std::size_t j = i;
    for (; j < cont.size(); ++j) {
      if (!iequals(cont[i].key, cont[j].key)) break;
      if (cont[j].index != want) ok = false;
      if (cont[j].extended) have_extended = true;
      ++want;
    }
    next = j;
    if (!ok) {
      // Missing indexes: give them back as they were written.
      for (j = i; j < next; ++j) {
        std::string k = cont[j].key + "*" + std::to_string(cont[j].index);
        if (cont[j].extended) k += '*';
        plain.push_back({std::move(k), cont[j].value});
      }
      continue;
    }
    std::string v;
    if (!cont[i].extended && have_extended) v = "''";
    for (j = i; j < next; ++j) {
      if (!cont[j].extended && have_extended) escape_percent(v, cont[j].value);
      else v += cont[j].value;
    }
    plain.push_back({have_extended ? cont[i].key + "*" : cont[i].key, std::move(v)});
  }
  return plain;
}

std::string decode_rfc2231_value(std::string_view value) {
  // charset'language'percent-encoded-octets (RFC 2231 section 4).
  // Not in that form: the value as it is, made valid UTF-8.
  std::size_t q1 = value.find('\'');
  if (q1 == std::string_view::npos) return sanitize_utf8(value);
  std::size_t q2 = value.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return sanitize_utf8(value);
  std::string_view charset = value.substr(0, q1);
  std::string raw;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = q2 + 1; i < value.size(); ++i) {
    if (value[i] == '%' && i + 2 < value.size() && hex(value[i + 1]) >= 0 && hex(value[i + 2]) >= 0) {
      raw += static_cast<char>(hex(value[i + 1]) * 16 + hex(value[i + 2]));
      i += 2;
    } else {
      raw += value[i];
    }
  }
  if (charset.empty()) charset = "us-ascii";
  return to_utf8(charset, raw);
}

bool find_parameter(const std::vector<param>& params, std::string_view name, std::string& value) {
  for (const param& p : params) {
    if (iequals(p.name, name)) {
      value = p.value;
      return true;
    }
  }
  for (const param& p : params) {
    if (p.name.size() == name.size() + 1 && p.name.back() == '*' &&
        iequals(std::string_view(p.name).substr(0, name.size()), name)) {
      value = decode_rfc2231_value(p.value);
      return true;
    }
  }
  return false;
}

}  // namespace cairn::mime
