#pragma once
// Configuration: a TOML file (toml++) with safe defaults, so that `cairn
// serve` runs with none; command-line flags win over the file. Every key is
// listed in docs/configuration.md. An unknown key or a bad value stops
// start-up with one line that names it (config_error).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/password.hpp"
#include "base/limits.hpp"
#include "base/log.hpp"
#include "store/types.hpp"

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

// LMTP listeners (docs/delivery.md).
struct lmtp_config {
  std::vector<endpoint> listen;                  // lmtp.listen (TCP; none by default)
  // lmtp.socket: a Unix socket; relative paths are in the data folder; ""
  // for none. Postfix reaches it when it is outside the 0700 data folder
  // (e.g. /var/spool/postfix/private/cairn-lmtp) with socket_group.
  std::filesystem::path socket = "lmtp.sock";
  unsigned socket_mode = 0660;                   // lmtp.socket_mode
  std::string socket_group;                      // lmtp.socket_group ("" = the server's group)
  std::string hostname;                          // lmtp.hostname ("" = this machine's name)
};

// Final delivery (LMTP and `cairn deliver`).
struct delivery_config {
  std::vector<std::string> local_domains;        // delivery.local_domains (none: every domain)
  std::string recipient_delimiter = "+";         // delivery.recipient_delimiter ("" = no details)
  bool detail_folders = false;                   // delivery.detail_folders
  bool quota_temporary = false;                  // delivery.quota_temporary
  unsigned loop_limit = 3;                       // delivery.loop_limit (0 = no check)
};

// Default quotas and who may change them over IMAP (RFC 9208).
struct quota_config {
  std::uint64_t storage = 0;                     // quota.storage (bytes; 0 = no limit)
  std::uint64_t messages = 0;                    // quota.messages (0 = no limit)
  std::vector<std::string> administrators;       // quota.administrators (account names)
};

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
  unsigned store_keep_open = 256;                     // store.keep_open
  unsigned store_sort_cache_messages = 250000;        // store.sort_cache_messages
  unsigned store_flags_cache_messages = 1000000;      // store.flags_cache_messages

  auth::argon2_params argon2;                         // auth.argon2_time, auth.argon2_memory_kib, auth.argon2_parallelism
  unsigned auth_workers = 2;                          // auth.workers
  std::size_t login_cache_entries = 10000;            // limits.login_cache_entries
  std::chrono::seconds login_throttle_forget{600};    // limits.login_delay_forget_seconds
  std::size_t login_throttle_addresses = 100000;      // limits.login_throttle_addresses
  unsigned login_throttle_ipv6_prefix = 64;           // limits.login_throttle_ipv6_prefix

  cairn::limits lim;                                  // [limits]

  lmtp_config lmtp;                                   // [lmtp]
  delivery_config delivery;                           // [delivery]
  quota_config quota;                                 // [quota]
};

// "10G", "512M", "100K", "12345" (bytes; K/M/G/T are powers of 1024) or
// "unlimited" (nullopt). Throws config_error naming `what`.
std::optional<std::uint64_t> parse_size(const std::string& s, const std::string& what);

// quota.storage and quota.messages as the store's defaults.
store::quota_limits default_quota_of(const config& c);

// Reads `path` over the defaults. Throws config_error.
config load_config(const std::filesystem::path& path);
// Parses TOML text (for tests).
config parse_config(std::string_view toml_text, const std::string& source_name = "config");

}  // namespace cairn::server
