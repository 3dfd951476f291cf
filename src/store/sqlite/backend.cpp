// The embedded backend: open_embedded(), its directory (users.db) and the
// map of open accounts.
//
// Layout of the data folder (every folder 0700, every file 0600):
//   users.db                   the directory: name -> account id, password hash
//   accounts/<id>/mail.db      one account's metadata (schema.cpp)
//   accounts/<id>/blobs/ab/... its message bodies (blob_files.hpp)
// Account ids are 32 random hex digits: a user's name is data and never
// becomes part of a path.
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <list>
#include <mutex>
#include <unordered_map>

#include "base/log.hpp"
#include "store/sqlite/account.hpp"
#include "store/sqlite/embedded.hpp"
#include "store/sqlite/indexer.hpp"
#include "store/sqlite/schema.hpp"
#include "store/store.hpp"

namespace cairn::store::sqlite {

namespace {

namespace fs = std::filesystem;

failure dir_error(std::string_view what, const fs::path& p, int e) {
  log::warn("store_dir_error", {{"what", what}, {"path", p.string()}, {"errno", e}});
  return e == ENOSPC || e == EDQUOT ? errc::disk_full : errc::io_error;
}

// Creates `p` and any missing parents with mode 0700.
result<void> make_dirs(const fs::path& p) {
  fs::path at;
  for (const auto& part : p) {
    at /= part;
    if (::mkdir(at.c_str(), 0700) == 0 || errno == EEXIST) continue;
    return dir_error("mkdir", at, errno);
  }
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return dir_error("stat", p, errno);
  if (!S_ISDIR(st.st_mode)) return dir_error("not_a_directory", p, ENOTDIR);
  return {};
}

result<void> fsync_dir(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return dir_error("open_dir", p, errno);
  int rc = ::fsync(fd);
  int e = errno;
  ::close(fd);
  if (rc != 0) return dir_error("fsync_dir", p, e);
  return {};
}

std::string random_account_id() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) return {};
  return hash_from_bytes({reinterpret_cast<const char*>(b), sizeof b});
}

bool valid_account_id(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Names arrive lower-cased (DESIGN.md "Accounts"); folding ASCII here as
// well keeps one spelling per account whatever a caller forgets.
std::string fold_name(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// A login name: 1 to 320 bytes (an address's maximum), no control characters.
bool valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 320) return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

class embedded_backend;

class embedded_directory final : public directory {
 public:
  embedded_directory(embedded_backend& owner, std::unique_ptr<database> db)
      : owner_(owner), db_(std::move(db)) {}

  result<user_record> add_user(std::string_view name, std::string_view password_hash) override;
  result<user_record> find_user(std::string_view name) override;
  result<void> set_password(std::string_view name, std::string_view password_hash) override;
  result<void> delete_user(std::string_view name) override;
  result<std::vector<user_record>> users() override;

 private:
  embedded_backend& owner_;
  std::unique_ptr<database> db_;
};

class embedded_backend final : public backend {
 public:
  explicit embedded_backend(const embedded_options& opt) : opt_(opt) {
    acct_opt_.keywords_per_mailbox = opt.keywords_per_mailbox;
    acct_opt_.mailboxes_per_account = opt.mailboxes_per_account;
    acct_opt_.mailbox_name_bytes = opt.mailbox_name_bytes;
    acct_opt_.mailbox_depth = opt.mailbox_depth;
    acct_opt_.expunge_history = opt.expunge_history;
    acct_opt_.default_quota = opt.default_quota;
    acct_opt_.db.busy_timeout_ms = opt.busy_timeout_ms;
    acct_opt_.db.read_connections = opt.read_connections;
    acct_opt_.search_index_text = opt.search_index_text;
    if (opt.sort_cache_messages > 0) acct_opt_.sort_keys = std::make_shared<sort_cache>(opt.sort_cache_messages);
    if (opt.flags_cache_messages > 0) acct_opt_.flags_rows = std::make_shared<flags_cache>(opt.flags_cache_messages);
    if (opt.background_indexing) indexer_ = std::make_shared<search_indexer>();
    acct_opt_.index_later = opt.index_later && opt.background_indexing;
  }

  result<void> init() {
    CAIRN_TRY(make_dirs(opt_.data_dir));
    CAIRN_TRY(make_dirs(accounts_dir()));
    database_options dopt;
    dopt.busy_timeout_ms = opt_.busy_timeout_ms;
    dopt.read_connections = 2;
    auto db = database::open(opt_.data_dir / "users.db", dopt, users_schema());
    if (!db) return db.error();
    directory_ = std::make_unique<embedded_directory>(*this, std::move(*db));
    return {};
  }

  directory& users() override { return *directory_; }

  result<std::shared_ptr<account>> open_account(const std::string& account_id) override {
    if (!valid_account_id(account_id)) return errc::not_found;
    std::shared_ptr<sqlite_account> evicted;  // closed after mu_ is released
    std::lock_guard lk(mu_);
    if (auto it = open_.find(account_id); it != open_.end()) {
      if (auto a = it->second.lock()) {
        // Held only by the keep-open list: its folder may have gone with
        // an account deletion this process never heard of (a lost
        // notification); then it is not reused.
        if (a.use_count() == 2 && warm_pos_.count(account_id) && !fs::exists(accounts_dir() / account_id)) {
          a->mark_deleted();
          evicted = drop_warm(account_id);
          open_.erase(it);
          return errc::not_found;
        }
        evicted = keep_warm(account_id, a);
        return std::shared_ptr<account>(std::move(a));
      }
    }
    auto a = sqlite_account::open(account_id, accounts_dir() / account_id, acct_opt_, listener_, false);
    if (!a) return a.error();
    (*a)->set_indexer(indexer_, *a);
    // Mail stored before the index existed, or left over: the indexer takes
    // it in the background while the account is open.
    if (indexer_) {
      auto pending = (*a)->index_work_pending();
      if (pending && *pending) indexer_->wake(*a);
    }
    open_[account_id] = *a;
    evicted = keep_warm(account_id, *a);
    if (open_.size() >= sweep_at_) {
      std::erase_if(open_, [](const auto& kv) { return kv.second.expired(); });
      sweep_at_ = std::max<std::size_t>(64, open_.size() * 2);
    }
    return std::shared_ptr<account>(std::move(*a));
  }

  void set_change_listener(std::function<void(const change_event&)> listener) override {
    listener_->set(std::move(listener));
  }

  fs::path accounts_dir() const { return opt_.data_dir / "accounts"; }

  // Makes accounts/<id>/ with an empty mail.db and blobs/, durably.
  result<void> create_account_storage(const std::string& id) {
    const auto dir = accounts_dir() / id;
    if (::mkdir(dir.c_str(), 0700) != 0) return dir_error("mkdir", dir, errno);
    auto a = sqlite_account::open(id, dir, acct_opt_, listener_, true);
    if (!a) return a.error();
    a->reset();
    if (auto r = fsync_dir(dir); !r) return r;
    return fsync_dir(accounts_dir());
  }

  // The account is gone from users.db: stop its open object and remove its
  // folder. The folder is first renamed aside, so a concurrent open_account
  // cannot find it half-removed.
  void remove_account(const std::string& id) {
    const auto dir = accounts_dir() / id;
    const auto aside = accounts_dir() / (".deleted-" + id);
    forget_account(id);
    {
      std::lock_guard lk(mu_);
      if (::rename(dir.c_str(), aside.c_str()) != 0) {
        if (errno != ENOENT) (void)dir_error("rename", dir, errno);
        return;
      }
    }
    // Sessions of this account in a running server (another process)
    // must stop using it (DESIGN.md "Other processes").
    listener_->notify(change_event{id, account_deleted, 0});
    (void)fsync_dir(accounts_dir());
    std::error_code ec;
    fs::remove_all(aside, ec);
    if (ec) log::warn("account_remove_failed", {{"path", aside.string()}, {"error", ec.message()}});
  }

  void forget_account(const std::string& id) override {
    std::shared_ptr<sqlite_account> evicted;  // closed after mu_ is released
    std::lock_guard lk(mu_);
    if (auto it = open_.find(id); it != open_.end()) {
      if (auto a = it->second.lock()) a->mark_deleted();
      open_.erase(it);
    }
    evicted = drop_warm(id);
    if (acct_opt_.sort_keys) acct_opt_.sort_keys->forget(id);
    if (acct_opt_.flags_rows) acct_opt_.flags_rows->forget(id);
  }

  void discard_storage(const std::string& id) {
    std::error_code ec;
    fs::remove_all(accounts_dir() / id, ec);
  }

 private:
  embedded_options opt_;
  account_options acct_opt_;
  std::shared_ptr<listener_slot> listener_ = std::make_shared<listener_slot>();
  std::unique_ptr<embedded_directory> directory_;
  // Under mu_. The most recently used accounts stay open after their last
  // session (opt_.keep_open of them), so that a client coming back finds
  // the database open and its statements prepared: opening an account and
  // preparing its statements was a third of a short session's work, and
  // closing it (a WAL checkpoint with its fsyncs) ran on whichever thread
  // dropped the last reference. Returns the account pushed out, if any, for
  // the caller to release after unlocking.
  std::shared_ptr<sqlite_account> keep_warm(const std::string& id, const std::shared_ptr<sqlite_account>& a) {
    if (opt_.keep_open == 0) return nullptr;
    if (auto w = warm_pos_.find(id); w != warm_pos_.end()) {
      warm_.splice(warm_.begin(), warm_, w->second);
      return nullptr;
    }
    warm_.emplace_front(id, a);
    warm_pos_[id] = warm_.begin();
    if (warm_.size() <= opt_.keep_open) return nullptr;
    std::shared_ptr<sqlite_account> out = std::move(warm_.back().second);
    warm_pos_.erase(warm_.back().first);
    warm_.pop_back();
    return out;
  }
  std::shared_ptr<sqlite_account> drop_warm(const std::string& id) {
    auto w = warm_pos_.find(id);
    if (w == warm_pos_.end()) return nullptr;
    std::shared_ptr<sqlite_account> out = std::move(w->second->second);
    warm_.erase(w->second);
    warm_pos_.erase(w);
    return out;
  }

  std::mutex mu_;
  std::unordered_map<std::string, std::weak_ptr<sqlite_account>> open_;
  std::list<std::pair<std::string, std::shared_ptr<sqlite_account>>> warm_;
  std::unordered_map<std::string, decltype(warm_)::iterator> warm_pos_;
  std::size_t sweep_at_ = 64;
  // Last member: destroyed (its thread joined) first.
  std::shared_ptr<search_indexer> indexer_;
};

result<std::optional<user_record>> select_user(connection& c, const std::string& name) {
  auto st = c.prepare("SELECT name, account_id, password_hash FROM users WHERE name = ?1");
  if (!st) return st.error();
  st->bind_text(1, name);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<user_record>();
  return std::optional<user_record>(
      user_record{std::string(st->text(0)), std::string(st->text(1)), std::string(st->text(2))});
}

result<user_record> embedded_directory::add_user(std::string_view name_in, std::string_view password_hash) {
  const std::string name = fold_name(name_in);
  if (!valid_user_name(name)) return errc::parse_error;
  if (auto u = find_user(name); u) return errc::already_exists;
  else if (u.error() != errc::not_found) return u.error();

  user_record rec{name, random_account_id(), std::string(password_hash)};
  if (rec.account_id.empty()) return errc::internal;
  // Storage first, then the row: a user never exists without storage; a
  // crash in between leaves an unused folder for `cairn check`.
  if (auto r = owner_.create_account_storage(rec.account_id); !r) {
    owner_.discard_storage(rec.account_id);
    return r.error();
  }
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    auto existing = select_user(ctx.conn, name);
    if (!existing) return existing.error();
    if (*existing) return errc::already_exists;
    auto st = ctx.conn.prepare(
        "INSERT INTO users(name, account_id, password_hash, created) VALUES(?1, ?2, ?3, ?4)");
    if (!st) return st.error();
    st->bind_text(1, rec.name).bind_text(2, rec.account_id).bind_text(3, rec.password_hash);
    st->bind(4, static_cast<std::int64_t>(std::time(nullptr)));
    return st->run();
  });
  if (!r) {
    owner_.discard_storage(rec.account_id);
    return r.error();
  }
  return rec;
}

result<user_record> embedded_directory::find_user(std::string_view name_in) {
  const std::string name = fold_name(name_in);
  return db_->read<user_record>([&](connection& c) -> result<user_record> {
    auto u = select_user(c, name);
    if (!u) return u.error();
    if (!*u) return errc::not_found;
    return std::move(**u);
  });
}

result<void> embedded_directory::set_password(std::string_view name_in, std::string_view password_hash) {
  const std::string name = fold_name(name_in);
  return db_->write([&](write_context& ctx) -> result<void> {
    auto st = ctx.conn.prepare("UPDATE users SET password_hash = ?2 WHERE name = ?1");
    if (!st) return st.error();
    st->bind_text(1, name).bind_text(2, password_hash);
    if (auto r = st->run(); !r) return r;
    if (ctx.conn.changes() == 0) return errc::not_found;
    return {};
  });
}

result<void> embedded_directory::delete_user(std::string_view name_in) {
  const std::string name = fold_name(name_in);
  std::string account_id;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    auto u = select_user(ctx.conn, name);
    if (!u) return u.error();
    if (!*u) return errc::not_found;
    account_id = (*u)->account_id;
    auto st = ctx.conn.prepare("DELETE FROM users WHERE name = ?1");
    if (!st) return st.error();
    st->bind_text(1, name);
    return st->run();
  });
  if (!r) return r;
  // The row is gone (durably); the files follow. A crash here leaves a
  // folder no user names, which `cairn check` removes.
  if (valid_account_id(account_id)) owner_.remove_account(account_id);
  return {};
}

result<std::vector<user_record>> embedded_directory::users() {
  return db_->read<std::vector<user_record>>([](connection& c) -> result<std::vector<user_record>> {
    auto st = c.prepare("SELECT name, account_id, password_hash FROM users ORDER BY name");
    if (!st) return st.error();
    std::vector<user_record> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      out.push_back({std::string(st->text(0)), std::string(st->text(1)), std::string(st->text(2))});
    }
    return out;
  });
}

}  // namespace

result<search_index_info> search_index_of(account& acct) {
  auto* a = dynamic_cast<sqlite_account*>(&acct);
  if (!a) return search_index_info{};
  auto s = a->index_info();
  if (!s) return s.error();
  return search_index_info{s->docs, s->indexed, s->pending, s->too_large, s->stale, s->index_bytes, s->keys_bytes};
}

result<bool> build_search_index(account& acct, std::size_t max) {
  auto* a = dynamic_cast<sqlite_account*>(&acct);
  if (!a) return errc::cannot;
  auto w = a->index_some(max);
  if (!w) return w.error();
  return w->more;
}

account_write_stats write_stats_of(account& acct) {
  auto* a = dynamic_cast<sqlite_account*>(&acct);
  if (!a) return {};
  auto s = a->stats();
  return {s.commits, s.jobs, s.queued, s.running};
}

}  // namespace cairn::store::sqlite

namespace cairn::store {

result<std::unique_ptr<backend>> open_embedded(const embedded_options& options) {
  if (options.data_dir.empty()) return errc::io_error;
  auto b = std::make_unique<sqlite::embedded_backend>(options);
  if (auto r = b->init(); !r) return r.error();
  return std::unique_ptr<backend>(std::move(b));
}

}  // namespace cairn::store
