// fuzz-deps: cairn_server
// libFuzzer: the configuration file (server::parse_config over toml++).
// An operator's file is trusted more than a client's bytes, but a typo must
// never crash the server or let a value through unchecked. Properties:
//  - any bytes either parse or throw config_error (a toml++ parse error is
//    turned into one); no other exception, no crash;
//  - what parses keeps every documented range (docs/configuration.md), so
//    the checks after the parse cannot be skipped by an odd spelling
//    (hex, octal, underscores, dotted keys, inline tables);
//  - parsing is deterministic: the same text twice gives the same values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/config.hpp"

using namespace cairn;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_ranges(const server::config& c) {
  const auto& l = c.lim;
  check(l.line_before_login >= 1024 && l.line_before_login <= (1u << 20));
  check(l.line_after_login >= 1024 && l.line_after_login <= (64u << 20));
  check(l.message_size >= 1024);
  check(l.nesting >= 2 && l.nesting <= 10000);
  check(l.bad_commands_before_login >= 1 && l.bad_commands >= 1);
  check(l.mailbox_name >= 16 && l.mailbox_depth >= 1);
  check(l.connections_per_user_ip >= 1);
  check(l.timeout_before_login.count() >= 1 && l.timeout_after_login.count() >= 60);
  check(l.command_time.count() >= 0);  // 0 is allowed: no time at all (docs/configuration.md, tests)
  check(l.login_delay_max >= l.login_delay_initial);
  check(c.certificate.empty() == c.key.empty());
  check(c.argon2.time_cost >= 1 && c.argon2.memory_kib >= 8 && c.argon2.parallelism >= 1);
  check(c.store_workers >= 1 && c.store_queue >= 1 && c.auth_workers >= 1);
  for (unsigned char ch : c.greeting) check(ch >= 0x20 && ch < 0x7f && ch != '[' && ch != ']');
  for (const auto* list : {&c.imap, &c.imaps})
    for (const auto& e : *list) check(!e.address.empty());
}

bool same(const server::config& a, const server::config& b) {
  return a.data_dir == b.data_dir && a.user == b.user && a.imap.size() == b.imap.size() &&
         a.imaps.size() == b.imaps.size() && a.threads == b.threads && a.greeting == b.greeting &&
         a.lim.line_before_login == b.lim.line_before_login && a.lim.message_size == b.lim.message_size &&
         a.lim.login_delay_max == b.lim.login_delay_max && a.argon2 == b.argon2;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return 0;  // a configuration file is small; toml++ is not the target of size tests
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    server::config c = server::parse_config(text, "fuzz");
    check_ranges(c);
    server::config again = server::parse_config(text, "fuzz");
    check(same(c, again));
  } catch (const server::config_error&) {
    // Refused with a reason: what an operator gets.
  }
  return 0;
}
