// cairn import, cairn export, cairn user import (mail_commands.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth/password.hpp"
#include "auth/verifier.hpp"
#include "server/mail_commands.hpp"
#include "store/migrate.hpp"

namespace cairn::server {

namespace {

constexpr int ex_ok = 0;
constexpr int ex_dataerr = 65;
constexpr int ex_noinput = 66;
constexpr int ex_nouser = 67;
constexpr int ex_software = 70;
constexpr int ex_cantcreat = 73;
constexpr int ex_tempfail = 75;

// "\r  INBOX  42%" on a terminal, at most ten times a second.
class progress_line {
 public:
  explicit progress_line(bool on) : on_(on && ::isatty(STDERR_FILENO)) {}
  ~progress_line() { done(); }
  void operator()(const store::migrate_progress& p) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    if (p.done < p.total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    std::string text = "  " + p.mailbox + "  ";
    if (p.total) text += std::to_string(p.total ? p.done * 100 / p.total : 0) + "%";
    if (text.size() > 78) text = text.substr(0, 78);
    std::fprintf(stderr, "\r%-79s", text.c_str());
    shown_ = true;
  }
  void done() {
    if (shown_) std::fprintf(stderr, "\r%-79s\r", "");
    shown_ = false;
  }

 private:
  bool on_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

struct opened {
  std::unique_ptr<store::backend> backend;
  std::shared_ptr<store::account> account;
  int code = ex_ok;
};

opened open_account_of(const config& cfg, const std::string& user_in, const char* what) {
  opened o;
  auto b = open_store_for_command(cfg);
  if (!b) {
    std::cerr << "cairn " << what << ": cannot open the store in " << cfg.data_dir << ": " << b.error().message()
              << "\n";
    o.code = ex_tempfail;
    return o;
  }
  o.backend = std::move(*b);
  const std::string user = auth::fold_account_name(user_in);
  auto u = o.backend->users().find_user(user);
  if (!u) {
    std::cerr << "cairn " << what << ": " << (u.error() == errc::not_found ? "no such user: " + user : u.error().message())
              << "\n";
    o.code = u.error() == errc::not_found ? ex_nouser : ex_software;
    return o;
  }
  auto a = o.backend->open_account(u->account_id);
  if (!a) {
    std::cerr << "cairn " << what << ": cannot open the account: " << a.error().message() << "\n";
    o.code = ex_software;
    return o;
  }
  o.account = std::move(*a);
  return o;
}

// When started as root, these commands run as the owner of the data folder
// (so that what they write stays usable by the server, as doveadm runs as
// the mail user): PATH must be readable (import) or writable (export) by it.
std::string permission_hint(const config& cfg, const std::string& path) {
  struct stat st {};
  std::string who = "the owner of the data folder";
  if (::stat(cfg.data_dir.c_str(), &st) == 0) who += " (uid " + std::to_string(st.st_uid) + ")";
  return "permission denied on " + path + ": cairn runs as " + who + ", which must be able to reach it";
}

int exit_code_for(std::error_code ec) {
  switch (static_cast<errc>(ec.value())) {
    case errc::over_quota: return ex_cantcreat;
    case errc::disk_full:
    case errc::busy: return ex_tempfail;
    case errc::not_found: return ex_noinput;
    case errc::parse_error: return ex_dataerr;
    case errc::already_exists: return ex_cantcreat;
    case errc::no_perm: return 77;  // EX_NOPERM
    default: return ex_software;
  }
}

void print_skipped(const std::vector<store::skipped_item>& items, const char* title) {
  if (items.empty()) return;
  std::cout << title << " (" << items.size() << "):\n";
  for (const auto& s : items) std::cout << "  " << s.where << ": " << s.why << "\n";
}

}  // namespace

int import_command(const config& cfg, const import_args& args) {
  auto o = open_account_of(cfg, args.user, "import");
  if (!o.account) return o.code;
  progress_line show(!args.quiet);
  store::import_options opt;
  opt.folder = args.folder;
  opt.lim = cfg.lim;
  opt.escaping = args.mboxo ? store::mbox_escaping::mboxo : store::mbox_escaping::mboxrd;
  opt.progress = [&show](const store::migrate_progress& p) { show(p); };
  store::import_report partial;
  auto r = store::import_mail(*o.account, args.path, opt, &partial);
  show.done();
  const store::import_report& rep = r ? *r : partial;
  std::cout << "imported " << rep.imported << " message(s)";
  if (rep.already_present) std::cout << ", " << rep.already_present << " already there";
  std::cout << "; " << rep.mailboxes_created << " mailbox(es) created, " << rep.subscriptions
            << " subscription(s)\n";
  print_skipped(rep.skipped, "skipped");
  if (!r) {
    const auto e = static_cast<errc>(r.error().value());
    std::cerr << "cairn import: "
              << (e == errc::not_found     ? "no such file or folder: " + args.path
                  : e == errc::parse_error ? args.path + " is not an mbox file, a Maildir or a folder of them"
                  : e == errc::over_quota  ? std::string("stopped: the account is over its quota")
                  : e == errc::disk_full   ? std::string("stopped: the disk is full")
                  : e == errc::no_perm     ? permission_hint(cfg, args.path)
                                           : "stopped: " + r.error().message())
              << "\n";
    return exit_code_for(r.error());
  }
  return ex_ok;
}

int export_command(const config& cfg, const export_args& args) {
  auto o = open_account_of(cfg, args.user, "export");
  if (!o.account) return o.code;
  progress_line show(true);
  auto r = store::export_mail(*o.account, args.path,
                              args.format == "mbox" ? store::export_format::mbox : store::export_format::maildir,
                              [&show](const store::migrate_progress& p) { show(p); });
  show.done();
  if (!r) {
    std::cerr << "cairn export: "
              << (r.error() == errc::already_exists ? args.path + " exists and is not an empty folder"
                  : r.error() == errc::no_perm      ? permission_hint(cfg, args.path)
                                                    : r.error().message())
              << "\n";
    return exit_code_for(r.error());
  }
  std::cout << "exported " << r->messages << " message(s) in " << r->mailboxes << " mailbox(es) to " << args.path
            << " (" << args.format << ")\n";
  print_skipped(r->warnings, "warnings");
  return ex_ok;
}

int user_import_command(const config& cfg, const std::string& file) {
  std::ifstream in(file);
  if (!in) {
    std::cerr << "cairn user import: cannot read " << file << "\n";
    return ex_noinput;
  }
  auto b = open_store_for_command(cfg);
  if (!b) {
    std::cerr << "cairn user import: cannot open the store in " << cfg.data_dir << ": " << b.error().message()
              << "\n";
    return ex_tempfail;
  }
  auto& users = (*b)->users();
  std::string line;
  unsigned lineno = 0, added = 0, existing = 0, rehashed = 0;
  std::vector<store::skipped_item> skipped;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(lineno);
    // user:password:uid:gid:gecos:home:shell:extra (Dovecot passwd-file).
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      skipped.push_back({where, "not a passwd-file line"});
      continue;
    }
    std::string name = auth::fold_account_name(line.substr(0, colon));
    auto end = line.find(':', colon + 1);
    std::string hash = line.substr(colon + 1, end == std::string::npos ? std::string::npos : end - colon - 1);
    bool valid_name = name.size() <= 255;
    for (unsigned char c : name)
      if (c <= 0x20 || c == 0x7f || c == '"' || c == '\\') valid_name = false;
    if (!valid_name) {
      skipped.push_back({where, "invalid user name"});
      continue;
    }
    if (hash.empty()) {
      skipped.push_back({where, name + ": no password hash (such accounts cannot log in)"});
      continue;
    }
    // A clear-text password is hashed now; a hash is kept as it is.
    std::string upper = hash.substr(0, 12);
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (upper.rfind("{PLAIN}", 0) == 0 || upper.rfind("{CLEAR}", 0) == 0 || upper.rfind("{CLEARTEXT}", 0) == 0) {
      auto h = auth::hash_password(hash.substr(hash.find('}') + 1), cfg.argon2);
      if (!h) {
        skipped.push_back({where, name + ": cannot hash the password"});
        continue;
      }
      hash = *h;
      ++rehashed;
    } else if (!auth::is_supported_hash(hash)) {
      std::string scheme = hash[0] == '{' ? hash.substr(0, hash.find('}') + 1) : "this hash form";
      skipped.push_back({where, name + ": " + scheme + " is not supported (ARGON2ID, ARGON2I, SHA512-CRYPT, "
                                                       "SHA256-CRYPT, BLF-CRYPT, MD5-CRYPT, DES-CRYPT, CRYPT are)"});
      continue;
    }
    auto u = users.add_user(name, hash);
    if (!u) {
      if (u.error() == errc::already_exists) {
        ++existing;
        continue;
      }
      std::cerr << "cairn user import: " << where << ": " << name << ": " << u.error().message() << "\n";
      return exit_code_for(u.error());
    }
    auto acct = (*b)->open_account(u->account_id);
    if (!acct || !store::provision(**acct)) {
      std::cerr << "cairn user import: cannot create the mailboxes of " << name << "\n";
      return ex_software;
    }
    ++added;
  }
  std::cout << "added " << added << " account(s)";
  if (existing) std::cout << ", " << existing << " already there (left as they are)";
  if (rehashed) std::cout << ", " << rehashed << " clear-text password(s) hashed";
  std::cout << "\n";
  print_skipped(skipped, "skipped");
  return ex_ok;
}

}  // namespace cairn::server
