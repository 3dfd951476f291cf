// fuzz-deps: cairn_lmtp
// LMTP command lines (lmtp/parser.hpp parse_command, parse_path): any bytes
// give a command or a refusal, never a crash; a refusal is a well-formed
// reply line; an accepted MAIL/RCPT address holds no control characters.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lmtp/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto p = cairn::lmtp::parse_command(in);
  if (auto* r = std::get_if<cairn::lmtp::reply>(&p)) {
    std::string line = r->line();
    if (r->code < 200 || r->code > 599 || line.size() < 6 || line.substr(line.size() - 2) != "\r\n") std::abort();
    if (line.find('\n') != line.size() - 1) std::abort();
  } else {
    const auto& c = std::get<cairn::lmtp::command>(p);
    for (unsigned char ch : c.address)
      if (ch < 0x20 || ch == 0x7f) std::abort();
  }
  (void)cairn::lmtp::parse_path(in, true);
  return 0;
}
