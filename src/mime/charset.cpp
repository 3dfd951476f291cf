#include "mime/charset.hpp"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <memory>
#include <vector>

#include "mime/rfc822.hpp"
#include "protocol/writer.hpp"

namespace cairn::mime {
namespace {

struct converter_closer {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using converter = std::unique_ptr<UConverter, converter_closer>;

converter open_converter(std::string_view charset) {
  // ICU wants a NUL-terminated name; charset names are short, so a longer
  // one is not a charset.
  if (charset.empty() || charset.size() > 64) return nullptr;
  std::string name(charset);
  if (name.find('\0') != std::string::npos) return nullptr;
  UErrorCode err = U_ZERO_ERROR;
  converter c(ucnv_open(name.c_str(), &err));
  if (U_FAILURE(err)) return nullptr;
  return c;
}

bool is_utf8_name(std::string_view cs) {
  return iequals(cs, "utf-8") || iequals(cs, "utf8") || iequals(cs, "us-ascii") ||
         iequals(cs, "ascii");
}

}  // namespace

std::string sanitize_utf8(std::string_view s) {
  if (proto::is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += s[i++];
      continue;
    }
    // Find the longest valid sequence at i (2..4 bytes).
    std::size_t n = 0;
    for (std::size_t k = 2; k <= 4 && i + k <= s.size(); ++k) {
      if (proto::is_valid_utf8(s.substr(i, k))) {
        n = k;
        break;
      }
    }
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool charset_known(std::string_view charset) {
  return is_utf8_name(charset) || open_converter(charset) != nullptr;
}

std::string to_utf8(std::string_view charset, std::string_view bytes, bool* known) {
  if (known) *known = true;
  if (is_utf8_name(charset)) return sanitize_utf8(bytes);
  converter c = open_converter(charset);
  if (!c) {
    if (known) *known = false;
    return sanitize_utf8(bytes);
  }
  if (bytes.empty()) return {};
  // Every input byte yields at most two UTF-16 units (a surrogate pair); the
  // preflight below covers converters that need more anyway.
  std::vector<UChar> wide(bytes.size() * 2 + 16);
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(c.get(), wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                            static_cast<int32_t>(bytes.size()), &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    wide.resize(static_cast<std::size_t>(n) + 1);
    err = U_ZERO_ERROR;
    ucnv_reset(c.get());
    n = ucnv_toUChars(c.get(), wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &err);
  }
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) return sanitize_utf8(bytes);
  std::string out;
  int32_t need = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &need, wide.data(), n, 0xFFFD, nullptr, &err);
  out.resize(static_cast<std::size_t>(need));
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), need, &need, wide.data(), n, 0xFFFD, nullptr, &err);
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) return sanitize_utf8(bytes);
  return out;
}

}  // namespace cairn::mime
