#include "store/sqlite/backup.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <thread>

#include "base/log.hpp"
#include "store/sqlite/blob_files.hpp"
#include "store/sqlite/db.hpp"

namespace cairn::store::sqlite {
namespace {

namespace fs = std::filesystem;

errc from_errno(int e) { return e == ENOSPC || e == EDQUOT ? errc::disk_full : errc::io_error; }

failure os_error(std::string_view what, const fs::path& p, int e) {
  log::warn("backup_io_error", {{"what", what}, {"path", p.string()}, {"error", std::strerror(e)}});
  return from_errno(e);
}

result<void> make_dir(const fs::path& p) {
  if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) return os_error("mkdir", p, errno);
  return {};
}

result<void> fsync_path(const fs::path& p, bool dir) {
  int fd = ::open(p.c_str(), (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return os_error("open", p, errno);
  int rc = ::fsync(fd);
  int e = errno;
  ::close(fd);
  if (rc != 0) return os_error("fsync", p, e);
  return {};
}

// Copies `from` to `to` (created 0600, fsynced). Returns the bytes copied.
result<std::uint64_t> copy_file_synced(const fs::path& from, const fs::path& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return os_error("open", from, errno);
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) {
    int e = errno;
    ::close(in);
    return os_error("create", to, e);
  }
  std::uint64_t total = 0;
  char buf[64 * 1024];
  result<std::uint64_t> r = total;
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r = os_error("read", from, errno);
      break;
    }
    if (n == 0) break;
    // UNSAFE: writes buf[0, n) with n <= sizeof buf, resuming after short writes.
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buf + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        r = os_error("write", to, errno);
        break;
      }
      done += w;
    }
    if (!r) break;
    total += static_cast<std::uint64_t>(n);
  }
  if (r && ::fsync(out) != 0) r = os_error("fsync", to, errno);
  ::close(in);
  if (::close(out) != 0 && r) r = os_error("close", to, errno);
  if (!r) return r;
  return total;
}

// One SQLite database copied with the online backup API, from a connection
// that may share the file with a running server.
result<void> copy_database(sqlite3* src, const fs::path& to) {
  auto dst = connection::open(to, {});
  if (!dst) return dst.error();
  sqlite3_backup* b = sqlite3_backup_init((*dst)->handle(), "main", src, "main");
  if (!b) {
    log::warn("backup_init_failed", {{"file", to.string()}, {"error", sqlite3_errmsg((*dst)->handle())}});
    return errc::io_error;
  }
  int rc = SQLITE_OK;
  // All pages in one step: one read transaction, one state. BUSY/LOCKED
  // only while another connection changes the journal mode; bounded.
  for (int attempt = 0; attempt < 200; ++attempt) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    log::warn("backup_step_failed", {{"file", to.string()}, {"error", sqlite3_errstr(rc)}});
    return to_errc(rc);
  }
  return {};
}

std::string random_suffix() {
  unsigned char b[8];
  if (RAND_bytes(b, sizeof b) != 1) return "0";
  return hash_from_bytes({reinterpret_cast<const char*>(b), sizeof b});
}

bool same_file_system(const fs::path& a, const fs::path& b) {
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev;
}

struct blob_want {
  std::string hex;
  std::int64_t size = 0;
};

// The blobs the copied account database refers to (its messages), with the
// sizes it records.
result<std::vector<blob_want>> referenced_blobs(connection& copy) {
  auto st = copy.prepare(
      "SELECT b.hash, b.size FROM blobs b WHERE b.hash IN (SELECT DISTINCT blob FROM messages)");
  if (!st) return st.error();
  std::vector<blob_want> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({hash_from_bytes(st->blob(0)), st->int64(1)});
  }
  return out;
}

class account_backup {
 public:
  account_backup(const backup_options& opt, backup_report& rep, const std::string& id, const std::string& user)
      : opt_(opt), rep_(rep), id_(id), user_(user),
        src_(opt.data_dir / "accounts" / id), dst_(opt.dest / "accounts" / id) {}

  // false: the account is gone from the source (deleted meanwhile).
  result<bool> run() {
    std::error_code ec;
    if (!fs::exists(src_, ec)) return false;
    CAIRN_TRY(make_dir(dst_));
    CAIRN_TRY(make_dir(dst_ / "blobs"));
    if (!fs::exists(src_ / "mail.db", ec)) return true;  // storage without data yet

    connection_options co;
    co.busy_timeout_ms = opt_.lock_timeout_ms;
    auto lock = connection::open(src_ / "mail.db", co);
    if (!lock) return lock.error();
    auto reader = connection::open(src_ / "mail.db", co);
    if (!reader) return reader.error();

    // 1. The write lock: from here until the ROLLBACK nothing commits.
    if (auto r = (*lock)->exec("BEGIN IMMEDIATE"); !r) {
      log::warn("backup_lock_failed", {{"account", id_}, {"error", r.error().message()}});
      return r.error();
    }
    const bool direct = same_file_system(src_, opt_.dest);
    staging_ = src_ / (".backup-" + random_suffix());
    auto locked = [&]() -> result<void> {
      // 2. The database, as last committed.
      CAIRN_TRY(copy_database((*reader)->handle(), dst_ / "mail.db"));
      auto copy = connection::open(dst_ / "mail.db", {});
      if (!copy) return copy.error();
      {
        auto st = (*copy)->prepare("SELECT count(*) FROM messages");
        if (!st) return st.error();
        auto row = st->step();
        if (!row) return row.error();
        rep_.messages += static_cast<std::uint64_t>(st->int64(0));
      }
      auto blobs = referenced_blobs(**copy);
      if (!blobs) return blobs.error();
      blobs_ = std::move(*blobs);
      // 3. Every referenced blob linked where the lock's end cannot take it.
      if (!direct) CAIRN_TRY(make_dir(staging_));
      for (const auto& b : blobs_) CAIRN_TRY(link_one(b, direct));
      return {};
    };
    auto r = locked();
    (void)(*lock)->exec("ROLLBACK");  // 4. release: writers go on
    lock->reset();
    reader->reset();
    if (!r) {
      remove_staging();
      return r.error();
    }
    if (!direct) {
      for (const auto& b : blobs_) {
        if (!staged_.count(b.hex)) continue;
        CAIRN_TRY(make_sub(b.hex));
        auto n = copy_file_synced(staging_ / b.hex, target(b.hex));
        if (!n) {
          remove_staging();
          return n.error();
        }
        ++rep_.copied;
        rep_.bytes_copied += *n;
      }
      remove_staging();
    }
    for (const auto& [sub, made] : subs_) CAIRN_TRY(fsync_path(dst_ / "blobs" / sub, true));
    CAIRN_TRY(fsync_path(dst_ / "blobs", true));
    CAIRN_TRY(fsync_path(dst_, true));
    ++rep_.accounts;
    return true;
  }

 private:
  fs::path target(const std::string& hex) const { return dst_ / "blobs" / hex.substr(0, 2) / hex.substr(2); }
  fs::path source(const std::string& hex) const { return src_ / "blobs" / hex.substr(0, 2) / hex.substr(2); }

  result<void> make_sub(const std::string& hex) {
    std::string sub = hex.substr(0, 2);
    if (subs_.emplace(sub, true).second) CAIRN_TRY(make_dir(dst_ / "blobs" / sub));
    return {};
  }

  result<void> link_one(const blob_want& b, bool direct) {
    if (!valid_hash(b.hex)) return errc::corrupted;
    ++rep_.blobs;
    const fs::path from = source(b.hex);
    struct stat st {};
    if (::stat(from.c_str(), &st) != 0 || static_cast<std::int64_t>(st.st_size) != b.size) {
      // A damaged source: the copy has the row, not the data (what
      // `cairn check` reports on the source too).
      rep_.problems.push_back(user_ + ": message data " + b.hex + " is missing or damaged in the source");
      return {};
    }
    fs::path to;
    if (direct) {
      CAIRN_TRY(make_sub(b.hex));
      to = target(b.hex);
    } else {
      to = staging_ / b.hex;
    }
    if (::link(from.c_str(), to.c_str()) == 0) {
      if (direct) ++rep_.linked;
      else staged_.emplace(b.hex, true);
      return {};
    }
    if (errno == EEXIST) return {};
    // Hard links refused (fs.protected_hardlinks, a file system without
    // them): copy, still under the lock.
    if (!direct) return os_error("link", to, errno);
    auto n = copy_file_synced(from, to);
    if (!n) return n.error();
    ++rep_.copied;
    rep_.bytes_copied += *n;
    return {};
  }

  void remove_staging() {
    std::error_code ec;
    if (!staging_.empty()) fs::remove_all(staging_, ec);
  }

  const backup_options& opt_;
  backup_report& rep_;
  std::string id_, user_;
  fs::path src_, dst_, staging_;
  std::vector<blob_want> blobs_;
  std::map<std::string, bool> subs_;
  std::map<std::string, bool> staged_;
};

}  // namespace

result<backup_report> backup_embedded(const backup_options& opt) {
  backup_report rep;
  std::error_code ec;
  if (!fs::exists(opt.data_dir / "users.db", ec)) return errc::not_found;
  if (fs::exists(opt.dest, ec)) {
    if (!fs::is_directory(opt.dest, ec) || !fs::is_empty(opt.dest, ec)) return errc::already_exists;
  }
  CAIRN_TRY(make_dir(opt.dest));
  ::chmod(opt.dest.c_str(), 0700);
  CAIRN_TRY(make_dir(opt.dest / "accounts"));

  // users.db first: it decides which accounts the copy has.
  {
    connection_options co;
    co.busy_timeout_ms = opt.lock_timeout_ms;
    auto users = connection::open(opt.data_dir / "users.db", co);
    if (!users) return users.error();
    CAIRN_TRY(copy_database((*users)->handle(), opt.dest / "users.db"));
  }
  auto users = connection::open(opt.dest / "users.db", {});
  if (!users) return users.error();
  std::vector<std::pair<std::string, std::string>> accounts;  // id, user
  {
    auto st = (*users)->prepare("SELECT account_id, name FROM users ORDER BY name");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      accounts.emplace_back(std::string(st->text(0)), std::string(st->text(1)));
    }
  }
  for (const auto& [id, user] : accounts) {
    // Account ids are 32 hex digits (backend.cpp); anything else in the
    // table is not followed into a path.
    if (id.size() != 32 || !valid_hash(id + id)) {
      rep.problems.push_back(user + ": invalid account id in users.db");
      continue;
    }
    account_backup a(opt, rep, id, user);
    auto r = a.run();
    if (!r) return r.error();
    if (!*r) {
      // Deleted since users.db was copied: leave it out of the copy too.
      auto st = (*users)->prepare("DELETE FROM users WHERE account_id = ?1");
      if (!st || !st->bind_text(1, id).run()) return errc::io_error;
      fs::remove_all(opt.dest / "accounts" / id, ec);
      rep.notes.push_back(user + ": deleted while the backup ran; left out");
    }
  }
  users->reset();
  // The self-signed certificate made by the server, if any, so that the
  // copy starts with the same one.
  for (const char* f : {"tls-cert.pem", "tls-key.pem"}) {
    if (!fs::exists(opt.data_dir / f, ec)) continue;
    auto n = copy_file_synced(opt.data_dir / f, opt.dest / f);
    if (!n) return n.error();
  }
  for (const char* f : {"users.db", "accounts", ""}) {
    fs::path p = *f ? opt.dest / f : opt.dest;
    CAIRN_TRY(fsync_path(p, fs::is_directory(p, ec)));
  }
  return rep;
}

}  // namespace cairn::store::sqlite
