#pragma once
// Subcommands that move mail in and out without the server (issue 10):
//   cairn deliver [--folder NAME] USER < message
//   cairn import USER PATH [--folder NAME]
//   cairn export USER PATH [--format maildir|mbox]
//   cairn user import FILE
//   cairn user quota NAME [--storage N] [--messages N]
// Each opens the store in the data folder itself (running as the folder's
// owner when started as root) and may run while `cairn serve` does: they
// share the store code and its locking. Exit codes are sysexits.h values.
#include <optional>
#include <string>

#include "server/config.hpp"
#include "store/store.hpp"

namespace cairn::server {

// The store of cfg.data_dir for a subcommand (as the folder's owner when
// started as root), with the configured limits and default quotas.
result<std::unique_ptr<store::backend>> open_store_for_command(const config& cfg);

// Reads a message from standard input and delivers it to USER (an account
// name or an address, resolved as LMTP resolves RCPT TO). Exit codes: 0
// delivered and durable, 67 unknown user, 75 temporary failure (store
// error, full disk, busy), 65 unusable input (empty, too large, a mail
// loop), 73 over quota (or 75 when delivery.quota_temporary is set).
struct deliver_args {
  std::string user;
  std::string folder;
  std::string sender;  // -f: the envelope sender, for Return-Path
};
int deliver_command(const config& cfg, const deliver_args& args);

struct import_args {
  std::string user;
  std::string path;
  std::string folder;  // for a single mbox file (default INBOX)
  bool quiet = false;
  bool mboxo = false;  // unescape as mboxo (default mboxrd)
};
int import_command(const config& cfg, const import_args& args);

struct export_args {
  std::string user;
  std::string path;
  std::string format = "maildir";
};
int export_command(const config& cfg, const export_args& args);

// Accounts from a Dovecot passwd-file, keeping their hashes.
int user_import_command(const config& cfg, const std::string& file);

// Shows an account's quota; with a value, sets it first. Values: a size
// ("10G", "500M", bytes) or a count, "unlimited", or "default" (follow
// quota.storage / quota.messages).
int user_quota_command(const config& cfg, const std::string& name, const std::optional<std::string>& storage,
                       const std::optional<std::string>& messages);

}  // namespace cairn::server
