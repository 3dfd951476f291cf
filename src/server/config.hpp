#pragma once
// Configuration: a TOML file (toml++) with safe defaults, so that `cairn
// serve` runs with none; command-line flags win over the file. Every key is
// listed in docs/configuration.md. An unknown key or a bad value stops
// start-up with one line that names it (config_error).
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/password.hpp"
#include "base/limits.hpp"
#include "base/log.hpp"

namespace cairn::server {

struct config_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct endpoint {
  std::string address;  // "127.0.0.1", "::", "0.0.0.0"
  std::uint16_t port = 0;
  std::string text() const;
};

// "ADDR:PORT" or "[v6]:PORT"; throws config_error naming `what`.
endpoint parse_endpoint(const std::string& s, const std::string& what);

struct config {
  std::filesystem::path source;                       // the file read, if any
  std::filesystem::path data_dir = "/var/lib/cairn";  // server.data
  std::string user = "cairn";                         // server.user ("" = do not switch)
  std::vector<endpoint> imap{{"0.0.0.0", 143}};       // server.imap
  std::vector<endpoint> imaps{{"0.0.0.0", 993}};      // server.imaps
  unsigned threads = 0;                               // server.threads (0 = one per core)
  bool allow_plaintext_auth = false;                  // server.allow_plaintext_auth
  bool loopback_is_secure = true;                     // server.loopback_is_secure
  std::string greeting = "Cairn";                     // server.greeting
  unsigned shutdown_grace_seconds = 30;               // server.shutdown_grace_seconds

  std::filesystem::path certificate;                  // tls.certificate ("" = self-signed in data dir)
  std::filesystem::path key;                          // tls.key

  log::level log_level = log::level::info;            // log.level

  unsigned store_workers = 16;                        // store.workers
  unsigned store_queue = 4096;                        // store.queue

  auth::argon2_params argon2;                         // auth.argon2_time, auth.argon2_memory_kib, auth.argon2_parallelism
  unsigned auth_workers = 2;                          // auth.workers
  std::size_t login_cache_entries = 10000;            // limits.login_cache_entries
  std::chrono::seconds login_throttle_forget{600};    // limits.login_delay_forget_seconds
  std::size_t login_throttle_addresses = 100000;      // limits.login_throttle_addresses
  unsigned login_throttle_ipv6_prefix = 64;           // limits.login_throttle_ipv6_prefix

  cairn::limits lim;                                  // [limits]
};

// Reads `path` over the defaults. Throws config_error.
config load_config(const std::filesystem::path& path);
// Parses TOML text (for tests).
config parse_config(std::string_view toml_text, const std::string& source_name = "config");

}  // namespace cairn::server
