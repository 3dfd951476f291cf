#include "store/casemap.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uversion.h>

#include <vector>

namespace cairn::store {
namespace {

void put_utf8(char32_t cp, std::string& out) {
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

constexpr char32_t replacement = 0xfffd;

// RFC 5051 step 2 for one code point, straight from ICU.
void map_code_point(char32_t cp, std::string& out) {
  if (cp == 0) cp = replacement;
  UChar32 t = u_totitle(static_cast<UChar32>(cp));
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(err);
  icu::UnicodeString d;
  if (U_SUCCESS(err) && nfkd->getDecomposition(t, d)) {
    // The NFKD instance gives the full (recursive) decomposition.
    for (int32_t i = 0; i < d.length();) {
      UChar32 c = d.char32At(i);
      put_utf8(static_cast<char32_t>(c), out);
      i += U16_LENGTH(c);
    }
    return;
  }
  put_utf8(static_cast<char32_t>(t), out);
}

// The BMP's mappings, built once: offsets into one string.
class bmp_table {
 public:
  bmp_table() {
    offset_.resize(0x10001);
    for (char32_t cp = 0; cp <= 0xffff; ++cp) {
      offset_[cp] = static_cast<std::uint32_t>(text_.size());
      if (cp >= 0xd800 && cp <= 0xdfff) continue;  // never looked up
      map_code_point(cp, text_);
    }
    offset_[0x10000] = static_cast<std::uint32_t>(text_.size());
  }
  std::string_view get(char32_t cp) const {
    return std::string_view(text_).substr(offset_[cp], offset_[cp + 1] - offset_[cp]);
  }

 private:
  std::vector<std::uint32_t> offset_;
  std::string text_;
};

const bmp_table& table() {
  static const bmp_table t;
  return t;
}

// Decodes one valid UTF-8 sequence at s[i]; returns its length, or 0 when
// the byte there does not start one.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xc0) == 0x80; };
  unsigned char c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf && cont(1)) {
    cp = (char32_t(c & 0x1f) << 6) | (b(1) & 0x3f);
    return 2;
  }
  if (c >= 0xe0 && c <= 0xef && cont(1) && cont(2)) {
    cp = (char32_t(c & 0x0f) << 12) | (char32_t(b(1) & 0x3f) << 6) | (b(2) & 0x3f);
    if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4 && cont(1) && cont(2) && cont(3)) {
    cp = (char32_t(c & 0x07) << 18) | (char32_t(b(1) & 0x3f) << 12) | (char32_t(b(2) & 0x3f) << 6) |
         (b(3) & 0x3f);
    if (cp < 0x10000 || cp > 0x10ffff) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

void casemap_append(std::string_view s, std::string& out) {
  out.reserve(out.size() + s.size());
  const bmp_table& t = table();
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80 && c != 0) {
      // ASCII: titlecase is the upper case; nothing decomposes.
      out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : static_cast<char>(c);
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t n = decode(s, i, cp);
    if (n == 0) {
      cp = replacement;
      n = 1;
    }
    i += n;
    if (cp <= 0xffff) out += t.get(cp);
    else map_code_point(cp, out);
  }
}

std::string casemap(std::string_view utf8) {
  std::string out;
  casemap_append(utf8, out);
  return out;
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xc0) != 0x80) ++n;
  return n;
}

std::uint32_t casemap_version() {
  UVersionInfo v;
  u_getUnicodeVersion(v);
  return (std::uint32_t(v[0]) << 16) | (std::uint32_t(v[1]) << 8) | v[2];
}

}  // namespace cairn::store
