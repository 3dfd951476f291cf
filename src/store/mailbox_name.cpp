#include "store/mailbox_name.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdint>

namespace cairn::store {

namespace {

result<std::string> refuse(std::string_view* why, std::string_view reason) {
  if (why) *why = reason;
  return errc::bad_mailbox_name;
}

// Checks UTF-8 (RFC 3629) and refuses control characters. Sets `ascii` when
// every byte is below 0x80 (then the name is already NFC).
std::string_view check_code_points(std::string_view s, bool& ascii) {
  ascii = true;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char b = p[i];
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7f) return "control character in mailbox name";
      ++i;
      continue;
    }
    ascii = false;
    std::size_t len;
    std::uint32_t cp;
    std::uint32_t min;
    if (b >= 0xc2 && b <= 0xdf) {
      len = 2, cp = b & 0x1f, min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      len = 3, cp = b & 0x0f, min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return "mailbox name is not valid UTF-8";
    }
    if (n - i < len) return "mailbox name is not valid UTF-8";
    for (std::size_t k = 1; k < len; ++k) {
      // UNSAFE: i + k < i + len <= n.
      unsigned char c = p[i + k];
      if ((c & 0xc0) != 0x80) return "mailbox name is not valid UTF-8";
      cp = cp << 6 | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "mailbox name is not valid UTF-8";
    if (cp >= 0x80 && cp <= 0x9f) return "control character in mailbox name";
    i += len;
  }
  return {};
}

bool nfc(std::string_view in, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(in.data(), static_cast<int32_t>(in.size())));
  if (norm->isNormalized(u, status) && U_SUCCESS(status)) {
    out.assign(in);
    return true;
  }
  status = U_ZERO_ERROR;
  icu::UnicodeString n = norm->normalize(u, status);
  if (U_FAILURE(status)) return false;
  out.clear();
  n.toUTF8String(out);
  return true;
}

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

result<std::string> canonical_mailbox_name(std::string_view name, std::string_view* why, const limits& lim) {
  if (name.empty()) return refuse(why, "empty mailbox name");
  // NFC changes a UTF-8 string's length by a small factor at most; far
  // beyond the limit, refuse before spending work on it.
  if (name.size() > 4 * lim.mailbox_name + 16) return refuse(why, "mailbox name too long");
  bool ascii = true;
  if (auto bad = check_code_points(name, ascii); !bad.empty()) return refuse(why, bad);

  std::string out;
  if (ascii) {
    out.assign(name);
  } else if (!nfc(name, out)) {
    return refuse(why, "mailbox name is not valid UTF-8");
  }
  if (out.size() > lim.mailbox_name) return refuse(why, "mailbox name too long");

  unsigned depth = 0;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = out.find(mailbox_delimiter, start);
    std::string_view level(out.data() + start, (end == std::string::npos ? out.size() : end) - start);
    if (level.empty()) return refuse(why, "empty hierarchy level in mailbox name");
    if (level == "." || level == "..") return refuse(why, "\".\" or \"..\" in mailbox name");
    if (++depth > lim.mailbox_depth) return refuse(why, "mailbox name nested too deeply");
    if (depth == 1 && ascii_iequal(level, "INBOX")) out.replace(0, 5, "INBOX");
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string_view parent_mailbox(std::string_view name) noexcept {
  auto at = name.rfind(mailbox_delimiter);
  return at == std::string_view::npos ? std::string_view() : name.substr(0, at);
}

}  // namespace cairn::store
