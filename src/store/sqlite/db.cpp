#include "store/sqlite/db.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "base/log.hpp"

namespace cairn::store::sqlite {

errc to_errc(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return errc::busy;
    case SQLITE_FULL:
      return errc::disk_full;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return errc::corrupted;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return errc::io_error;
    default:
      return errc::internal;
  }
}

namespace {

failure report(sqlite3* db, int rc, std::string_view what) {
  log::warn("sqlite_error", {{"what", what},
                             {"code", rc},
                             {"message", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)}});
  return to_errc(rc);
}

}  // namespace

// -- statement ---------------------------------------------------------------

statement::~statement() {
  if (!s_) return;
  if (owned_) {
    sqlite3_finalize(s_);
  } else {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
}

statement& statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}

statement& statement::bind_text(int i, std::string_view v) {
  // SQLITE_TRANSIENT: SQLite copies, so the caller's buffer may go. An empty
  // view may have a null data(), which SQLite would bind as NULL.
  sqlite3_bind_text64(s_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

statement& statement::bind_blob(int i, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
  static const char empty = 0;
  sqlite3_bind_blob64(s_, i, bytes.empty() ? &empty : bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

statement& statement::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

result<bool> statement::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return report(sqlite3_db_handle(s_), rc, sqlite3_sql(s_));
}

result<void> statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

std::string_view statement::text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))};
}

std::string_view statement::blob(int col) const {
  auto p = static_cast<const char*>(sqlite3_column_blob(s_, col));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))};
}

// -- connection --------------------------------------------------------------

result<std::unique_ptr<connection>> connection::open(const std::filesystem::path& file,
                                                     const connection_options& opt) {
  // SQLite creates files 0644 (less the umask); ours hold private mail, so
  // create the main file 0600 first: the -wal and -shm files copy its mode.
  // Only when it does not exist yet (O_EXCL): close() drops every POSIX lock
  // this process holds on the file, including those of SQLite connections
  // already open on it (https://sqlite.org/howtocorrupt.html, section 2.2).
  // Another process (`cairn user`, `cairn deliver`) would then believe it
  // was alone, checkpoint and delete the WAL under this one's feet: this
  // server kept reading a stale, unlinked copy (a deleted user could still
  // log in) and could lose writes.
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    log::warn("db_open_failed", {{"file", file.string()}, {"errno", errno}});
    return errno == ENOSPC ? errc::disk_full : errc::io_error;
  }

  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    auto f = report(db, rc, "open");
    sqlite3_close_v2(db);
    return f;
  }
  std::unique_ptr<connection> c(new connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, opt.busy_timeout_ms);

  // WAL lets readers run beside the writer; switching needs a moment alone
  // with the file, which another process may briefly hold.
  for (int attempt = 0;; ++attempt) {
    {
      auto st = c->prepare("PRAGMA journal_mode");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      if (*row && st->text(0) == "wal") break;
    }
    auto w = c->exec("PRAGMA journal_mode=WAL");
    if (w) continue;
    if (w.error() != errc::busy || attempt > 50) return w.error();
  }
  if (auto r = c->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"); !r) return r.error();
  if (opt.read_only_queries) {
    if (auto r = c->exec("PRAGMA query_only=1"); !r) return r.error();
  }
  return c;
}

connection::~connection() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st);
  sqlite3_close_v2(db_);
}

result<void> connection::exec(const char* sql) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &msg);
  sqlite3_free(msg);
  if (rc != SQLITE_OK) return report(db_, rc, sql);
  return {};
}

result<statement> connection::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end() && !sqlite3_stmt_busy(it->second)) return statement(it->second, false);
  bool cache = it == cache_.end();
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &st, nullptr);
  if (rc != SQLITE_OK) return report(db_, rc, sql);
  if (cache) {
    cache_.emplace(std::string(sql), st);
    return statement(st, false);
  }
  // The cached one is in use further up the stack: use a one-off.
  return statement(st, true);
}

// -- database ----------------------------------------------------------------

struct database::job {
  std::function<result<void>(write_context&)> fn;
  durability dur = durability::full;
  std::error_code ec;
  bool done = false;
};

result<std::unique_ptr<database>> database::open(const std::filesystem::path& file,
                                                 const database_options& opt,
                                                 std::span<const migration> migrations) {
  std::unique_ptr<database> db(new database());
  db->file_ = file;
  db->opt_ = opt;
  if (db->opt_.read_connections == 0) db->opt_.read_connections = 1;
  auto w = connection::open(file, {opt.busy_timeout_ms, false});
  if (!w) return w.error();
  db->writer_ = std::move(*w);
  connection& c = *db->writer_;

  // Migrations run in one write transaction, so two processes opening a new
  // database at once apply each migration once.
  if (auto r = c.exec("BEGIN IMMEDIATE"); !r) return r.error();
  auto fail = [&](std::error_code e) -> result<std::unique_ptr<database>> {
    (void)c.exec("ROLLBACK");
    return e;
  };
  std::size_t version = 0;
  {
    auto st = c.prepare("PRAGMA user_version");
    if (!st) return fail(st.error());
    auto row = st->step();
    if (!row) return fail(row.error());
    version = static_cast<std::size_t>(st->int64(0));
  }
  if (version > migrations.size()) {
    log::error("db_schema_too_new", {{"file", file.string()}, {"version", version}});
    return fail(errc::corrupted);
  }
  for (std::size_t i = version; i < migrations.size(); ++i) {
    if (auto r = c.exec(migrations[i]); !r) return fail(r.error());
  }
  if (version < migrations.size()) {
    std::string set = "PRAGMA user_version=" + std::to_string(migrations.size());
    if (auto r = c.exec(set.c_str()); !r) return fail(r.error());
  }
  if (auto r = c.exec("COMMIT"); !r) return fail(r.error());
  return db;
}

database::~database() = default;

result<connection*> database::acquire_reader() {
  std::unique_lock lk(readers_mu_);
  for (;;) {
    if (!idle_readers_.empty()) {
      connection* c = idle_readers_.back();
      idle_readers_.pop_back();
      return c;
    }
    if (readers_.size() < opt_.read_connections) {
      // Reserve the slot, then open without holding the lock.
      readers_.push_back(nullptr);
      std::size_t slot = readers_.size() - 1;
      lk.unlock();
      auto c = connection::open(file_, {opt_.busy_timeout_ms, true});
      lk.lock();
      if (!c) {
        readers_.erase(readers_.begin() + static_cast<std::ptrdiff_t>(slot));
        readers_cv_.notify_one();
        return c.error();
      }
      readers_[slot] = std::move(*c);
      return readers_[slot].get();
    }
    readers_cv_.wait(lk);
  }
}

void database::release_reader(connection* c) {
  {
    std::lock_guard lk(readers_mu_);
    idle_readers_.push_back(c);
  }
  readers_cv_.notify_one();
}

result<void> database::begin_read(connection& c) { return c.exec("BEGIN"); }

void database::end_read(connection& c) {
  if (c.in_transaction()) (void)c.exec("COMMIT");
}

void database::set_before_jobs(std::function<void(connection&)> fn) {
  std::lock_guard lk(write_mu_);
  before_jobs_ = std::move(fn);
}

write_stats database::stats() const {
  std::lock_guard lk(write_mu_);
  return {commits_, relaxed_commits_, jobs_done_, queue_.size(), running_};
}

result<void> database::write(std::function<result<void>(write_context&)> fn, durability d) {
  job j{std::move(fn), d, {}, false};
  std::unique_lock lk(write_mu_);
  queue_.push_back(&j);
  while (!j.done) {
    if (leader_active_) {
      write_cv_.wait(lk);
      continue;
    }
    // Lead: take everything queued (our own job among it) into one commit.
    leader_active_ = true;
    std::vector<job*> batch;
    batch.swap(queue_);
    running_ = batch.size();
    lk.unlock();
    run_batch(batch);
    lk.lock();
    for (job* b : batch) b->done = true;
    running_ = 0;
    leader_active_ = false;
    write_cv_.notify_all();
  }
  return j.ec;
}

void database::run_batch(std::vector<job*>& batch) {
  connection& c = *writer_;
  std::function<void(connection&)> before;
  {
    std::lock_guard lk(write_mu_);
    before = before_jobs_;
  }
  auto fail_all = [&](std::error_code e) {
    for (job* j : batch) j->ec = e;
    if (c.in_transaction()) (void)c.exec("ROLLBACK");
  };

  // synchronous is read at COMMIT; it cannot change inside a transaction.
  const bool relaxed =
      std::all_of(batch.begin(), batch.end(), [](const job* j) { return j->dur == durability::relaxed; });
  if (relaxed != writer_relaxed_) {
    if (auto r = c.exec(relaxed ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL"); !r)
      return fail_all(r.error());
    writer_relaxed_ = relaxed;
  }
  if (auto r = c.exec("BEGIN IMMEDIATE"); !r) return fail_all(r.error());
  if (before) {
    try {
      before(c);
    } catch (...) {
      log::error("db_before_jobs_threw", {{"file", file_.string()}});
    }
    if (!c.in_transaction()) return fail_all(errc::io_error);
  }

  std::vector<std::vector<std::function<void()>>> after(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    job* j = batch[i];
    if (auto r = c.exec("SAVEPOINT job"); !r) return fail_all(r.error());
    write_context ctx{c, {}};
    result<void> r = errc::internal;
    try {
      r = j->fn(ctx);
    } catch (const std::bad_alloc&) {
      r = errc::internal;
    } catch (...) {
      log::error("db_job_threw", {{"file", file_.string()}});
      r = errc::internal;
    }
    // Some errors (disk full, I/O) make SQLite roll back the whole
    // transaction: then the jobs before this one are lost too.
    if (!c.in_transaction()) return fail_all(r ? errc::io_error : r.error());
    if (r) {
      if (auto rel = c.exec("RELEASE job"); !rel) return fail_all(rel.error());
      after[i] = std::move(ctx.after_commit);
    } else {
      j->ec = r.error();
      if (auto rb = c.exec("ROLLBACK TO job"); !rb) return fail_all(rb.error());
      if (auto rel = c.exec("RELEASE job"); !rel) return fail_all(rel.error());
    }
  }

  if (auto r = c.exec("COMMIT"); !r) return fail_all(r.error());
  std::uint64_t ok = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch[i]->ec) continue;
    ++ok;
    for (auto& f : after[i]) {
      try {
        f();
      } catch (...) {
        log::error("db_after_commit_threw", {{"file", file_.string()}});
      }
    }
  }
  std::lock_guard lk(write_mu_);
  ++commits_;
  if (relaxed) ++relaxed_commits_;
  jobs_done_ += ok;
}

}  // namespace cairn::store::sqlite
