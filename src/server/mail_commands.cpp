// cairn deliver, cairn user quota (and, in migrate_commands.cpp, import,
// export and user import). See mail_commands.hpp.
#include "server/mail_commands.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <vector>

#include "base/log.hpp"
#include "server/notify.hpp"
#include "server/lmtp_front.hpp"
#include "server/server.hpp"
#include "store/deliver.hpp"
#include "store/recipient.hpp"
#include "store/store.hpp"

namespace cairn::server {

namespace {

// sysexits.h
constexpr int ex_ok = 0;
constexpr int ex_usage = 64;
constexpr int ex_dataerr = 65;
constexpr int ex_nouser = 67;
constexpr int ex_software = 70;
constexpr int ex_cantcreat = 73;
constexpr int ex_tempfail = 75;

// Reads all of standard input, up to `max` bytes (then too_large).
result<std::string> read_stdin(std::size_t max) {
  std::string data;
  std::vector<char> buf(64 * 1024);
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errc::io_error;
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max) return errc::too_large;
    data.append(buf.data(), static_cast<std::size_t>(n));
  }
  return data;
}

std::string format_bytes(std::uint64_t b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(b);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

}  // namespace

result<std::unique_ptr<store::backend>> open_store_for_command(const config& cfg) {
  become_data_owner(cfg.data_dir);
  store::embedded_options so;
  so.data_dir = cfg.data_dir;
  so.keywords_per_mailbox = cfg.lim.keywords_per_mailbox;
  so.mailboxes_per_account = cfg.lim.mailboxes_per_account;
  so.mailbox_name_bytes = cfg.lim.mailbox_name;
  so.mailbox_depth = cfg.lim.mailbox_depth;
  so.default_quota = default_quota_of(cfg);
  auto b = store::open_embedded(so);
  // A running server hears of every change this command commits
  // (server/notify.hpp), so its IDLE sessions see delivered mail at once.
  if (b) (*b)->set_change_listener(change_forwarder(cfg.data_dir));
  return b;
}

int deliver_command(const config& cfg, const deliver_args& args) {
  auto backend = open_store_for_command(cfg);
  if (!backend) {
    std::cerr << "cairn deliver: cannot open the store in " << cfg.data_dir << ": " << backend.error().message()
              << "\n";
    return ex_tempfail;
  }
  if (args.user.empty()) {
    std::cerr << "cairn deliver: a USER is needed\n";
    return ex_usage;
  }
  auto raw = read_stdin(cfg.lim.message_size + 4096);  // room for an mbox "From " line
  if (!raw) {
    std::cerr << "cairn deliver: " << (raw.error() == errc::too_large ? "message too large" : "cannot read input")
              << "\n";
    return raw.error() == errc::too_large ? ex_dataerr : ex_tempfail;
  }
  std::string_view msg = *raw;
  std::string sender = args.sender;
  // A leading mbox "From sender date" line (Postfix pipe's F flag, procmail)
  // is an envelope, not part of the message.
  if (msg.substr(0, 5) == "From ") {
    auto eol = msg.find('\n');
    std::string_view line = msg.substr(5, eol == std::string_view::npos ? msg.size() : eol - 5);
    if (sender.empty()) {
      auto sp = line.find(' ');
      std::string_view from = line.substr(0, sp);
      if (from != "MAILER-DAEMON") sender = std::string(from);
    }
    msg.remove_prefix(eol == std::string_view::npos ? msg.size() : eol + 1);
  }
  if (msg.empty()) {
    std::cerr << "cairn deliver: empty message\n";
    return ex_dataerr;
  }
  if (msg.size() > cfg.lim.message_size) {
    std::cerr << "cairn deliver: message too large\n";
    return ex_dataerr;
  }

  auto who = store::resolve_recipient((*backend)->users(), args.user, recipient_options_of(cfg));
  if (!who) {
    if (who.error() == errc::not_found || who.error() == errc::parse_error) {
      std::cerr << "cairn deliver: no such user: " << args.user << "\n";
      return ex_nouser;
    }
    std::cerr << "cairn deliver: user lookup failed: " << who.error().message() << "\n";
    return ex_tempfail;
  }
  auto acct = (*backend)->open_account(who->user.account_id);
  if (!acct) {
    std::cerr << "cairn deliver: cannot open the account of " << who->user.name << ": " << acct.error().message()
              << "\n";
    return acct.error() == errc::not_found ? ex_nouser : ex_tempfail;
  }
  std::string folder = args.folder;
  if (folder.empty() && cfg.delivery.detail_folders) folder = who->detail;
  const store::delivery_envelope env{sender, args.user, {}};
  auto r = store::deliver(**acct, msg, env, folder, delivery_options_of(cfg));
  if (!r) {
    const auto e = static_cast<errc>(r.error().value());
    std::cerr << "cairn deliver: " << args.user << ": ";
    switch (e) {
      case errc::over_quota:
        std::cerr << "mailbox is full (over quota)\n";
        return cfg.delivery.quota_temporary ? ex_tempfail : ex_cantcreat;
      case errc::cannot: std::cerr << "mail loop detected (Delivered-To)\n"; return ex_dataerr;
      case errc::too_large: std::cerr << "message too large\n"; return ex_dataerr;
      case errc::not_found: std::cerr << "no such user\n"; return ex_nouser;
      case errc::disk_full: std::cerr << "insufficient system storage\n"; return ex_tempfail;
      default: std::cerr << "temporary failure: " << r.error().message() << "\n"; return ex_tempfail;
    }
  }
  // Durable now; the running server was told at the commit.
  log::info("delivered", {{"to", args.user}, {"user", who->user.name}, {"mailbox", r->mailbox},
                          {"uid", r->appended.uids.empty() ? 0u : r->appended.uids[0]}, {"size", msg.size()}});
  return ex_ok;
}

int user_quota_command(const config& cfg, const std::string& name, const std::optional<std::string>& storage,
                       const std::optional<std::string>& messages) {
  auto backend = open_store_for_command(cfg);
  if (!backend) {
    std::cerr << "cairn: cannot open the store in " << cfg.data_dir << ": " << backend.error().message() << "\n";
    return ex_tempfail;
  }
  auto u = (*backend)->users().find_user(name);
  if (!u) {
    std::cerr << "cairn: " << (u.error() == errc::not_found ? "no such user" : u.error().message()) << "\n";
    return u.error() == errc::not_found ? ex_nouser : ex_software;
  }
  auto acct = (*backend)->open_account(u->account_id);
  if (!acct) {
    std::cerr << "cairn: cannot open the account: " << acct.error().message() << "\n";
    return ex_software;
  }
  auto q = (*acct)->quota();
  if (!q) {
    std::cerr << "cairn: cannot read the quota: " << q.error().message() << "\n";
    return ex_software;
  }
  if (storage || messages) {
    store::quota_settings s = q->own;
    auto parse = [](const std::string& v, bool size, store::quota_setting& out) -> bool {
      if (v == "default") {
        out = {};
        return true;
      }
      try {
        auto n = size ? parse_size(v, "--storage") : parse_size(v, "--messages");
        if (size == false && v.find_first_not_of("0123456789") != std::string::npos && v != "unlimited" &&
            v != "none")
          return false;
        // 0 means no limit, as in the configuration (quota.storage = 0).
        if (!n || *n == 0) out = {store::quota_setting::kind::unlimited, 0};
        else out = {store::quota_setting::kind::limit, *n};
        return true;
      } catch (const config_error&) {
        return false;
      }
    };
    if (storage && !parse(*storage, true, s.storage)) {
      std::cerr << "cairn: --storage: expected a size such as 10G, \"unlimited\" or \"default\"\n";
      return ex_usage;
    }
    if (messages && !parse(*messages, false, s.messages)) {
      std::cerr << "cairn: --messages: expected a number, \"unlimited\" or \"default\"\n";
      return ex_usage;
    }
    if (auto r = (*acct)->set_quota(s); !r) {
      std::cerr << "cairn: cannot set the quota: " << r.error().message() << "\n";
      return ex_software;
    }
    q = (*acct)->quota();
    if (!q) return ex_software;
  }
  auto show = [](const store::quota_setting& own, const std::optional<std::uint64_t>& in_force, bool size) {
    std::string s = in_force ? (size ? format_bytes(*in_force) : std::to_string(*in_force)) : "unlimited";
    if (own.how == store::quota_setting::kind::inherit) s += " (default)";
    return s;
  };
  std::cout << u->name << "\n"
            << "  storage:  " << format_bytes(q->storage_used) << " of " << show(q->own.storage, q->limits.storage, true)
            << "\n"
            << "  messages: " << q->messages_used << " of " << show(q->own.messages, q->limits.messages, false)
            << "\n";
  return ex_ok;
}

}  // namespace cairn::server
