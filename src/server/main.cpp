// The one binary: cairn serve | user | deliver | import | export | check |
// backup | version.
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "auth/password.hpp"
#include "auth/verifier.hpp"
#include "base/log.hpp"
#include "server/config.hpp"
#include "server/mail_commands.hpp"
#include "server/notify.hpp"
#include "server/server.hpp"
#include "store/sqlite/backup.hpp"
#include "store/sqlite/check.hpp"
#include "store/store.hpp"

using namespace cairn;

namespace {

// Reads a password from standard input: without echo, twice, on a
// terminal; the first line otherwise (scripts: `echo pw | cairn user add`).
std::optional<std::string> read_password(bool confirm) {
  if (::isatty(STDIN_FILENO)) {
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios silent = old;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    auto ask = [&](const char* prompt) {
      // Echo off before the prompt shows: a password typed (or pasted) as
      // soon as it appears is neither echoed nor flushed away.
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
      std::cerr << prompt << std::flush;
      std::string line;
      std::getline(std::cin, line);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
      std::cerr << "\n";
      return line;
    };
    std::string a = ask("Password: ");
    if (confirm && ask("Again: ") != a) {
      std::cerr << "cairn: the passwords differ\n";
      return std::nullopt;
    }
    return a;
  }
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool valid_user_name(const std::string& n) {
  if (n.empty() || n.size() > 255) return false;
  for (unsigned char c : n)
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\\') return false;
  return true;
}

server::config load(const std::string& file) {
  if (file.empty()) {
    // /etc/cairn/cairn.toml is read when present; else the defaults.
    std::error_code ec;
    if (std::filesystem::exists("/etc/cairn/cairn.toml", ec)) return server::load_config("/etc/cairn/cairn.toml");
    return server::config{};
  }
  return server::load_config(file);
}

int user_command(const std::string& action, const std::string& name_in, server::config& cfg, bool yes) {
  server::become_data_owner(cfg.data_dir);
  store::embedded_options so;
  so.data_dir = cfg.data_dir;
  so.keywords_per_mailbox = cfg.lim.keywords_per_mailbox;
  so.mailboxes_per_account = cfg.lim.mailboxes_per_account;
  auto backend = store::open_embedded(so);
  if (!backend) {
    std::cerr << "cairn: cannot open the store in " << cfg.data_dir << ": " << backend.error().message() << "\n";
    return 1;
  }
  (*backend)->set_change_listener(server::change_forwarder(cfg.data_dir));
  auto& users = (*backend)->users();
  if (action == "list") {
    auto all = users.users();
    if (!all) {
      std::cerr << "cairn: " << all.error().message() << "\n";
      return 1;
    }
    for (const auto& u : *all) std::cout << u.name << "\n";
    return 0;
  }
  if (name_in.empty()) {
    std::cerr << "cairn: user " << action << " needs a NAME\n";
    return 64;
  }
  std::string name = auth::fold_account_name(name_in);
  if (!valid_user_name(name)) {
    std::cerr << "cairn: invalid user name \"" << name_in << "\"\n";
    return 65;
  }
  if (action == "del") {
    if (!yes) {
      std::cerr << "cairn: this deletes " << name << " and all their mail; add --yes to confirm\n";
      return 64;
    }
    auto r = users.delete_user(name);
    if (!r) {
      std::cerr << "cairn: " << (r.error() == errc::not_found ? "no such user" : r.error().message()) << "\n";
      return r.error() == errc::not_found ? 67 : 1;
    }
    std::cout << "deleted " << name << "\n";
    return 0;
  }
  auto pw = read_password(action == "add" || action == "passwd");
  if (!pw || pw->empty()) {
    std::cerr << "cairn: a password is needed on standard input\n";
    return 65;
  }
  auto hash = auth::hash_password(*pw, cfg.argon2);
  if (!hash) {
    std::cerr << "cairn: cannot hash the password: " << hash.error().message() << "\n";
    return 1;
  }
  if (action == "add") {
    auto u = users.add_user(name, *hash);
    if (!u) {
      std::cerr << "cairn: " << (u.error() == errc::already_exists ? "user exists" : u.error().message()) << "\n";
      return u.error() == errc::already_exists ? 73 : 1;
    }
    auto acct = (*backend)->open_account(u->account_id);
    if (!acct || !store::provision(**acct)) {
      std::cerr << "cairn: cannot create the mailboxes of " << name << "\n";
      return 1;
    }
    std::cout << "added " << name << "\n";
    return 0;
  }
  auto r = users.set_password(name, *hash);
  if (!r) {
    std::cerr << "cairn: " << (r.error() == errc::not_found ? "no such user" : r.error().message()) << "\n";
    return r.error() == errc::not_found ? 67 : 1;
  }
  std::cout << "password changed for " << name << "\n";
  return 0;
}

int check_command(server::config& cfg, bool repair, bool deep, int orphan_age_for_tests) {
  server::become_data_owner(cfg.data_dir);
  store::sqlite::check_options o;
  o.data_dir = cfg.data_dir;
  o.repair = repair;
  o.deep = deep;
  if (orphan_age_for_tests >= 0) o.orphan_age = std::chrono::seconds(orphan_age_for_tests);
  auto r = store::sqlite::check_embedded(o);
  if (!r) {
    std::cerr << "cairn: cannot check " << cfg.data_dir << ": " << r.error().message() << "\n";
    return 1;
  }
  for (const auto& p : r->problems) std::cout << "problem: " << p << "\n";
  for (const auto& p : r->repaired) std::cout << "repaired: " << p << "\n";
  std::cout << r->accounts << " account(s), " << r->mailboxes << " mailbox(es), " << r->messages
            << " message(s), " << r->blobs << " blob(s): "
            << (r->clean() ? (r->repaired.empty() ? "clean" : "repaired") : "problems found") << "\n";
  return r->clean() ? 0 : 1;
}

int backup_command(server::config& cfg, const std::string& dest) {
  // Started as root: DEST is made here and given to the data folder's
  // owner, who then writes it (files the server can read back).
  if (::geteuid() == 0) {
    struct stat st {};
    if (::stat(cfg.data_dir.c_str(), &st) == 0 && st.st_uid != 0) {
      if (::mkdir(dest.c_str(), 0700) != 0 && errno != EEXIST) {
        std::cerr << "cairn: cannot create " << dest << ": " << std::strerror(errno) << "\n";
        return 1;
      }
      if (::chown(dest.c_str(), st.st_uid, st.st_gid) != 0) {
        std::cerr << "cairn: cannot give " << dest << " to the data folder's owner: " << std::strerror(errno) << "\n";
        return 1;
      }
    }
  }
  server::become_data_owner(cfg.data_dir);
  store::sqlite::backup_options o;
  o.data_dir = cfg.data_dir;
  o.dest = dest;
  auto r = store::sqlite::backup_embedded(o);
  if (!r) {
    std::cerr << "cairn: backup of " << cfg.data_dir << " to " << dest << " failed: "
              << (r.error() == errc::already_exists ? std::string("the destination exists and is not empty")
                  : r.error() == errc::not_found    ? std::string("no data folder there")
                                                   : r.error().message())
              << "\n";
    return 1;
  }
  for (const auto& n : r->notes) std::cout << "note: " << n << "\n";
  for (const auto& p : r->problems) std::cout << "problem: " << p << "\n";
  std::cout << r->accounts << " account(s), " << r->messages << " message(s), " << r->blobs << " blob(s) ("
            << r->linked << " linked, " << r->copied << " copied, " << r->bytes_copied << " bytes) to " << dest
            << (r->clean() ? "" : ": incomplete, see the problems above") << "\n";
  return r->clean() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Cairn, an IMAP server"};
  app.require_subcommand(1);
  std::string config_file, data_dir;
  std::vector<std::string> imap, imaps, lmtp;

  auto* serve = app.add_subcommand("serve", "Run the IMAP server");
  serve->add_option("--config", config_file, "Configuration file (TOML)");
  serve->add_option("--data", data_dir, "Data folder (default /var/lib/cairn)");
  serve->add_option("--imap", imap, "Listen for IMAP (STARTTLS) on ADDR:PORT (repeatable)");
  serve->add_option("--imaps", imaps, "Listen for IMAP over TLS on ADDR:PORT (repeatable)");
  serve->add_option("--lmtp", lmtp, "Listen for LMTP on ADDR:PORT (repeatable)");

  auto* user = app.add_subcommand("user", "Manage accounts");
  std::string action, name;
  bool yes = false;
  user->add_option("action", action, "add | passwd | del | list | quota | import")->required()->check(
      CLI::IsMember({"add", "passwd", "del", "list", "quota", "import"}));
  user->add_option("name", name, "Account name (what the user types at login); for import, a passwd-file");
  user->add_option("--config", config_file, "Configuration file (TOML)");
  user->add_option("--data", data_dir, "Data folder");
  user->add_flag("--yes", yes, "Confirm deleting an account and its mail");
  std::optional<std::string> quota_storage, quota_messages;
  user->add_option("--storage", quota_storage, "quota: storage limit (10G, 500M, bytes, unlimited, default)");
  user->add_option("--messages", quota_messages, "quota: message count limit (a number, unlimited, default)");

  // Issue 10: mail in and out.
  auto* deliver = app.add_subcommand("deliver", "Deliver a message from standard input (for an MTA's pipe)");
  server::deliver_args dargs;
  deliver->add_option("user", dargs.user, "Recipient: an account name or address")->required();
  deliver->add_option("--folder,-m", dargs.folder, "Mailbox to deliver into (INBOX when it does not exist)");
  deliver->add_option("--from,-f", dargs.sender, "Envelope sender (Return-Path)");
  deliver->add_option("--config", config_file, "Configuration file (TOML)");
  deliver->add_option("--data", data_dir, "Data folder");

  auto* import = app.add_subcommand("import", "Import an mbox file, a Maildir or a Maildir++ tree into an account");
  server::import_args iargs;
  import->add_option("user", iargs.user, "Account name")->required();
  import->add_option("path", iargs.path, "mbox file, Maildir, Maildir++ tree, or a folder of mbox files")->required();
  import->add_option("--folder", iargs.folder, "For a single mbox file: the mailbox to import into (INBOX)");
  import->add_flag("--quiet", iargs.quiet, "No progress on the terminal");
  import->add_flag("--mboxo", iargs.mboxo, "mbox files are mboxo: only \">From \" lines lose their '>' (default: mboxrd)");
  import->add_option("--config", config_file, "Configuration file (TOML)");
  import->add_option("--data", data_dir, "Data folder");

  auto* exportc = app.add_subcommand("export", "Export an account as a Maildir++ tree or mbox files");
  server::export_args eargs;
  exportc->add_option("user", eargs.user, "Account name")->required();
  exportc->add_option("path", eargs.path, "Folder to write (created; must be empty)")->required();
  exportc->add_option("--format", eargs.format, "maildir (Maildir++, as Dovecot lays it out) or mbox")
      ->check(CLI::IsMember({"maildir", "mbox"}));
  exportc->add_option("--config", config_file, "Configuration file (TOML)");
  exportc->add_option("--data", data_dir, "Data folder");

  auto* check = app.add_subcommand("check", "Verify the data folder (and --repair what can be mended)");
  bool repair = false, deep = false;
  check->add_option("--config", config_file, "Configuration file (TOML)");
  check->add_option("--data", data_dir, "Data folder");
  check->add_flag("--repair", repair, "Mend what can be mended (never deletes a referenced message)");
  check->add_flag("--deep", deep, "Also verify every message's checksum (reads all mail)");
  // Tests only (tests/integration/test_crash.py): files younger than the
  // orphan age (an hour) are left alone because a running server may be
  // between writing a blob and committing its row; a test that has just
  // killed the server knows no server runs and wants them judged now.
  // Hidden from --help: with a server running, 0 would delete the blob of
  // a message being stored.
  int orphan_age_for_tests = -1;
  check->add_option("--orphan-age-seconds-for-tests", orphan_age_for_tests,
                    "TESTS ONLY: judge files younger than an hour as orphans (unsafe with a server running)")
      ->group("");

  auto* backup = app.add_subcommand("backup", "Copy the data folder consistently, while the server runs");
  std::string backup_dest;
  backup->add_option("--config", config_file, "Configuration file (TOML)");
  backup->add_option("--data", data_dir, "Data folder");
  backup->add_option("dest", backup_dest, "Where the copy goes (must not exist, or be empty)")->required();

  auto* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    auto overrides = [&](server::config& c) {
      if (!data_dir.empty()) c.data_dir = data_dir;
      if (!imap.empty()) {
        c.imap.clear();
        for (const auto& e : imap) c.imap.push_back(server::parse_endpoint(e, "--imap"));
      }
      if (!imaps.empty()) {
        c.imaps.clear();
        for (const auto& e : imaps) c.imaps.push_back(server::parse_endpoint(e, "--imaps"));
      }
      if (!lmtp.empty()) {
        c.lmtp.listen.clear();
        for (const auto& e : lmtp) c.lmtp.listen.push_back(server::parse_endpoint(e, "--lmtp"));
      }
    };
    server::config cfg = load(config_file);
    overrides(cfg);
    if (version->parsed()) {
      std::cout << "cairn " CAIRN_VERSION "\n";
      return 0;
    }
    if (serve->parsed()) return server::serve(std::move(cfg), overrides);
    if (user->parsed() && action == "quota") {
      if (name.empty()) {
        std::cerr << "cairn: user quota needs a NAME\n";
        return 64;
      }
      return server::user_quota_command(cfg, auth::fold_account_name(name), quota_storage, quota_messages);
    }
    if (user->parsed() && action == "import") {
      if (name.empty()) {
        std::cerr << "cairn: user import needs a FILE (a Dovecot passwd-file)\n";
        return 64;
      }
      return server::user_import_command(cfg, name);
    }
    if (user->parsed()) return user_command(action, name, cfg, yes);
    if (deliver->parsed()) return server::deliver_command(cfg, dargs);
    if (import->parsed()) return server::import_command(cfg, iargs);
    if (exportc->parsed()) return server::export_command(cfg, eargs);
    if (check->parsed()) return check_command(cfg, repair, deep, orphan_age_for_tests);
    if (backup->parsed()) return backup_command(cfg, backup_dest);
  } catch (const server::config_error& e) {
    log::error("cannot start", {{"reason", e.what()}});
    // An MTA retries a temporary failure (sysexits EX_TEMPFAIL); mail is not bounced
    // for a configuration mistake.
    return deliver->parsed() ? 75 : 2;
  }
  return 0;
}
