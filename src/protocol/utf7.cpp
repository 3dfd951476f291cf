#include "protocol/utf7.hpp"

#include <cstdint>
#include <vector>

namespace cairn::proto {
namespace {

constexpr char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == ',') return 63;
  return -1;
}

void put_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Next code point of valid UTF-8 at s[i], advancing i; -1 when invalid.
std::int32_t next_utf8(std::string_view s, std::size_t& i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  std::size_t n;
  std::uint32_t cp;
  if (c >= 0xc2 && c <= 0xdf) n = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) n = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, cp = c & 0x07;
  else return -1;
  if (i + n > s.size()) return -1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return -1;
  i += n;
  return static_cast<std::int32_t>(cp);
}

void flush_run(std::string& out, const std::vector<std::uint16_t>& units) {
  out += '&';
  std::uint32_t bits = 0;
  int nbits = 0;
  for (std::uint16_t u : units) {
    bits = (bits << 16) | u;
    nbits += 16;
    while (nbits >= 6) {
      nbits -= 6;
      out += b64[(bits >> nbits) & 0x3f];
    }
  }
  if (nbits > 0) out += b64[(bits << (6 - nbits)) & 0x3f];
  out += '-';
}

}  // namespace

result<std::string> decode_mutf7(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool prev_was_run = false;
  for (std::size_t i = 0; i < in.size();) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    // Printable ASCII stands for itself; everything else, control
    // characters and DEL included, must be encoded (RFC 3501 section
    // 5.1.3), or one name would have two spellings.
    if (c < 0x20 || c >= 0x7f) return errc::bad_utf7;
    if (c != '&') {
      out += static_cast<char>(c);
      ++i;
      prev_was_run = false;
      continue;
    }
    ++i;
    if (i < in.size() && in[i] == '-') {
      out += '&';
      ++i;
      prev_was_run = false;
      continue;
    }
    if (prev_was_run) return errc::bad_utf7;  // "&..-&..-" must be one run
    std::uint32_t bits = 0;
    int nbits = 0;
    std::uint32_t high = 0;  // pending high surrogate
    std::size_t units = 0;
    while (true) {
      if (i >= in.size()) return errc::bad_utf7;  // unterminated
      unsigned char d = static_cast<unsigned char>(in[i++]);
      if (d == '-') break;
      int v = b64_value(d);
      if (v < 0) return errc::bad_utf7;
      bits = (bits << 6) | static_cast<std::uint32_t>(v);
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        std::uint32_t u = (bits >> nbits) & 0xffff;
        bits &= (1u << nbits) - 1;
        ++units;
        if (high) {
          if (u < 0xdc00 || u > 0xdfff) return errc::bad_utf7;
          put_utf8(out, 0x10000 + ((high - 0xd800) << 10) + (u - 0xdc00));
          high = 0;
        } else if (u >= 0xd800 && u <= 0xdbff) {
          high = u;
        } else if (u >= 0xdc00 && u <= 0xdfff) {
          return errc::bad_utf7;
        } else if (u >= 0x20 && u <= 0x7e) {
          return errc::bad_utf7;  // printable ASCII must represent itself
        } else {
          put_utf8(out, u);
        }
      }
    }
    // Leftover bits must be fewer than 6 and zero; a run holds something.
    if (units == 0 || high || nbits >= 6 || (bits & ((1u << nbits) - 1)) != 0) return errc::bad_utf7;
    prev_was_run = true;
  }
  return out;
}

result<std::string> encode_mutf7(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::vector<std::uint16_t> run;
  for (std::size_t i = 0; i < utf8.size();) {
    std::int32_t cp = next_utf8(utf8, i);
    if (cp < 0) return errc::bad_mailbox_name;
    if (cp >= 0x20 && cp <= 0x7e) {
      if (!run.empty()) {
        flush_run(out, run);
        run.clear();
      }
      if (cp == '&') out += "&-";
      else out += static_cast<char>(cp);
      continue;
    }
    auto u = static_cast<std::uint32_t>(cp);
    if (u >= 0x10000) {
      u -= 0x10000;
      run.push_back(static_cast<std::uint16_t>(0xd800 + (u >> 10)));
      run.push_back(static_cast<std::uint16_t>(0xdc00 + (u & 0x3ff)));
    } else {
      run.push_back(static_cast<std::uint16_t>(u));
    }
  }
  if (!run.empty()) flush_run(out, run);
  return out;
}

}  // namespace cairn::proto
