// libFuzzer target for store/mailbox_name: any bytes in; the canonical form,
// when there is one, must be a fixed point, within the limits, valid UTF-8
// without control characters, and never hold an empty, "." or ".." level.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/limits.hpp"
#include "store/mailbox_name.hpp"

namespace {

bool valid_utf8_no_controls(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
    if (len == 0 || s.size() - i < len) return false;
    if (len == 1 && (b < 0x20 || b == 0x7f)) return false;
    if (len == 2 && b == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0) return false;  // C1
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  cairn::limits lim;
  // Smaller limits on half the inputs, so that depth and length refusals
  // are reached without huge inputs.
  if (size > 0 && (data[0] & 1)) {
    lim.mailbox_name = 64;
    lim.mailbox_depth = 4;
  }
  std::string_view why;
  auto r = cairn::store::canonical_mailbox_name(in, &why, lim);
  if (!r) {
    if (r.error() != cairn::errc::bad_mailbox_name || why.empty()) __builtin_trap();
    return 0;
  }
  const std::string& name = *r;
  if (name.empty() || name.size() > lim.mailbox_name) __builtin_trap();
  if (!valid_utf8_no_controls(name)) __builtin_trap();
  if (name.front() == '/' || name.back() == '/' || name.find("//") != std::string::npos) __builtin_trap();
  std::string framed = "/" + name + "/";
  if (framed.find("/./") != std::string::npos || framed.find("/../") != std::string::npos) __builtin_trap();
  std::string_view again_why;
  auto again = cairn::store::canonical_mailbox_name(name, &again_why, lim);
  if (!again || *again != name) __builtin_trap();
  return 0;
}
