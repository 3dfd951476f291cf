#pragma once
// A thin layer over the SQLite C API for the embedded store: connections with
// a per-connection cache of prepared statements, a pool of read connections,
// one write connection whose transactions are shared by concurrent writers
// (group commit), and schema migrations. Knows nothing about mail.
//
// Threading: a `connection` is used by one thread at a time; `database`
// hands them out (readers from a pool, the writer to the current group
// commit leader) and is itself thread-safe.
#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"

// Returns the error of a failed result<...> from the enclosing function,
// which must return a result<...> too.
#define CAIRN_TRY(expr)        \
  do {                         \
    if (auto r_ = (expr); !r_) \
      return r_.error();       \
  } while (0)

namespace cairn::store::sqlite {

// The errc for an SQLite result code: BUSY/LOCKED -> busy, FULL -> disk_full,
// CORRUPT/NOTADB -> corrupted, IOERR/CANTOPEN -> io_error, else internal.
errc to_errc(int sqlite_rc) noexcept;

// One prepared statement in use. Cached statements are reset and unbound when
// this handle goes; uncached ones (a cached statement was still busy) are
// finalized. Column accessors are valid after step() returned true.
class statement {
 public:
  statement(sqlite3_stmt* s, bool owned) : s_(s), owned_(owned) {}
  statement(statement&& o) noexcept : s_(o.s_), owned_(o.owned_) { o.s_ = nullptr; }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  statement& operator=(statement&&) = delete;
  ~statement();

  // Parameters are numbered from 1, as in the SQL (?1, ?2, ...).
  statement& bind(int i, std::int64_t v);
  statement& bind_text(int i, std::string_view v);
  statement& bind_blob(int i, std::string_view bytes);
  statement& bind_null(int i);

  // True when a row is ready, false when done; an error otherwise.
  result<bool> step();
  // Steps to the end; for statements whose rows (if any) are not wanted.
  result<void> run();

  std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string_view text(int col) const;
  std::string_view blob(int col) const;

 private:
  sqlite3_stmt* s_;
  bool owned_;
};

struct connection_options {
  int busy_timeout_ms = 10000;
  bool read_only_queries = false;  // PRAGMA query_only: a reader never writes
};

class connection {
 public:
  // Opens (creating if missing) with WAL, synchronous=FULL, foreign keys and
  // the busy timeout. Creates the file with mode 0600.
  static result<std::unique_ptr<connection>> open(const std::filesystem::path& file,
                                                  const connection_options& opt);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Runs SQL without results (may hold several statements); not cached.
  result<void> exec(const char* sql);
  // A statement from this connection's cache (prepared on first use).
  result<statement> prepare(std::string_view sql);
  std::int64_t changes() const { return sqlite3_changes64(db_); }
  bool in_transaction() const { return !sqlite3_get_autocommit(db_); }
  sqlite3* handle() { return db_; }

 private:
  explicit connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// A schema migration: SQL run once, in order; migration i (from 0) takes
// PRAGMA user_version from i to i+1, inside the same transaction.
using migration = const char*;

struct database_options {
  int busy_timeout_ms = 10000;
  unsigned read_connections = 4;  // at most; opened on demand
};

// What a write job sees: the write connection inside the shared transaction,
// and a place for work to do after the commit (change notifications).
struct write_context {
  connection& conn;
  std::vector<std::function<void()>> after_commit;
};

// How a write job's transaction is committed. `full`: synced before write()
// returns (SQLite synchronous=FULL: the WAL is fsynced at COMMIT). `relaxed`:
// not synced (synchronous=NORMAL): the commit is atomic and ordered, and is
// made durable by the next full commit or checkpoint (the WAL is one file
// written in order), but a crash before then may lose it. Only for changes
// that are derived or advisory and may be lost without harm: the \Recent
// claim, text added to the full-text index. A batch is relaxed only when
// every job in it is.
enum class durability { full, relaxed };

struct write_stats {
  std::uint64_t commits = 0;  // transactions committed by this object
  std::uint64_t relaxed = 0;  // of which relaxed (not synced)
  std::uint64_t jobs = 0;     // write jobs that succeeded
  std::uint64_t queued = 0;   // jobs waiting for a leader right now
  std::uint64_t running = 0;  // jobs in the transaction being run right now
};

class database {
 public:
  // Opens the file and applies missing migrations. corrupted if the file's
  // schema is newer than `migrations` knows.
  static result<std::unique_ptr<database>> open(const std::filesystem::path& file,
                                                const database_options& opt,
                                                std::span<const migration> migrations);
  ~database();

  // Runs `fn` on a read connection inside one read transaction, so that all
  // its queries see one snapshot. Never waits for a writer's fsync (WAL);
  // waits only when every pooled reader is in use.
  template <class T>
  result<T> read(const std::function<result<T>(connection&)>& fn);

  // Runs `fn` inside the write transaction, within its own SAVEPOINT: if it
  // fails, its changes are rolled back and the error returned, while other
  // jobs in the same transaction commit. Returns once the transaction that
  // holds the job has committed (durably) and its after_commit work has run.
  //
  // Group commit: a caller that finds no leader becomes the leader, takes
  // every queued job, runs them in one BEGIN IMMEDIATE ... COMMIT, then wakes
  // the others; callers that arrive meanwhile queue and are taken together
  // by the next leader.
  //
  // `before_jobs`, when set, runs first in every transaction that starts
  // while it is set (the blob collector uses it: it must see only committed
  // state). Its failure is logged and ignored.
  result<void> write(std::function<result<void>(write_context&)> fn, durability d = durability::full);
  void set_before_jobs(std::function<void(connection&)> fn);

  write_stats stats() const;

 private:
  struct job;
  struct reader_pool;
  database() = default;
  result<connection*> acquire_reader();
  void release_reader(connection* c);
  result<void> begin_read(connection& c);
  void end_read(connection& c);
  void run_batch(std::vector<job*>& batch);

  std::filesystem::path file_;
  database_options opt_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<connection>> readers_;  // every reader opened
  std::vector<connection*> idle_readers_;

  mutable std::mutex write_mu_;
  std::condition_variable write_cv_;
  std::unique_ptr<connection> writer_;
  std::vector<job*> queue_;
  bool leader_active_ = false;
  std::size_t running_ = 0;
  std::function<void(connection&)> before_jobs_;
  std::uint64_t commits_ = 0;
  std::uint64_t relaxed_commits_ = 0;
  std::uint64_t jobs_done_ = 0;
  bool writer_relaxed_ = false;  // writer_ is at synchronous=NORMAL (leader only)
};

template <class T>
result<T> database::read(const std::function<result<T>(connection&)>& fn) {
  auto c = acquire_reader();
  if (!c) return c.error();
  // Back to the pool however `fn` leaves (an exception included).
  struct lease {
    database& db;
    connection& conn;
    ~lease() {
      db.end_read(conn);
      db.release_reader(&conn);
    }
  } held{*this, **c};
  if (auto b = begin_read(held.conn); !b) return b.error();
  return fn(held.conn);
}

}  // namespace cairn::store::sqlite
