#include "mime/encoded_word.hpp"

#include "mime/charset.hpp"
#include "mime/decoder.hpp"
#include "mime/header.hpp"
#include "mime/rfc822.hpp"

namespace cairn::mime {
namespace {

struct encoded_word {
  std::string_view charset;
  std::string bytes;
  std::size_t end = 0;  // offset just past "?="
};

int hexv(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Parses "=?charset?e?text?=" at `at`.
bool parse_word(std::string_view s, std::size_t at, encoded_word& w) {
  if (s.compare(at, 2, "=?") != 0) return false;
  std::size_t q1 = s.find('?', at + 2);
  if (q1 == std::string_view::npos || q1 == at + 2) return false;
  if (q1 + 3 > s.size() || s[q1 + 2] != '?') return false;
  char enc = s[q1 + 1];
  std::size_t text = q1 + 3;
  std::size_t close = s.find("?=", text);
  if (close == std::string_view::npos) return false;
  std::string_view cs = s.substr(at + 2, q1 - at - 2);
  for (char c : cs)
    if (c == ' ' || c == '\t') return false;
  std::size_t star = cs.find('*');
  if (star != std::string_view::npos) cs = cs.substr(0, star);
  std::string_view payload = s.substr(text, close - text);
  w.charset = cs;
  w.bytes.clear();
  if (enc == 'B' || enc == 'b') {
    w.bytes = decode_base64(payload);
  } else if (enc == 'Q' || enc == 'q') {
    for (std::size_t i = 0; i < payload.size(); ++i) {
      char c = payload[i];
      if (c == '_') {
        w.bytes += ' ';
      } else if (c == '=' && i + 2 < payload.size() && hexv(payload[i + 1]) >= 0 &&
                 hexv(payload[i + 2]) >= 0) {
        w.bytes += static_cast<char>(hexv(payload[i + 1]) * 16 + hexv(payload[i + 2]));
        i += 2;
      } else {
        w.bytes += c;
      }
    }
  } else {
    return false;
  }
  w.end = close + 2;
  return true;
}

}  // namespace

std::string decode_header(std::string_view raw) {
  std::string s = unfold(raw);
  std::string out;
  std::string pending;          // undecoded bytes of consecutive words
  std::string pending_charset;  // their charset
  auto flush = [&]() {
    if (!pending_charset.empty() || !pending.empty()) out += to_utf8(pending_charset, pending);
    pending.clear();
    pending_charset.clear();
  };
  std::size_t i = 0;
  std::size_t plain_start = 0;
  bool last_was_word = false;
  encoded_word w;
  while (i < s.size()) {
    std::size_t at = s.find("=?", i);
    if (at == std::string::npos) break;
    if (!parse_word(s, at, w)) {
      i = at + 1;
      continue;
    }
    std::string_view between(s.data() + plain_start, at - plain_start);
    bool only_ws = between.find_first_not_of(" \t") == std::string_view::npos;
    if (!(last_was_word && only_ws)) {
      flush();
      out += sanitize_utf8(between);
    }
    if (!pending_charset.empty() && !iequals(pending_charset, w.charset)) flush();
    pending_charset.assign(w.charset);
    pending += w.bytes;
    last_was_word = true;
    i = plain_start = w.end;
  }
  flush();
  out += sanitize_utf8(std::string_view(s).substr(plain_start));
  return out;
}

}  // namespace cairn::mime
