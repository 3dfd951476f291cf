// libFuzzer: RFC 5322 dates (with obsolete forms).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mime/date.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cairn::mime;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  date_time t;
  if (parse_date(s, t)) {
    // Years 1900..9999 with a zone of at most +-99:59.
    if (t.unix_seconds < -2208988800LL - 360000 || t.unix_seconds > 253402300800LL + 360000)
      __builtin_trap();
    if (t.offset_minutes < -6000 || t.offset_minutes > 6000) __builtin_trap();
  }
  return 0;
}
