#pragma once
// The embedded backend's account: accounts/<id>/mail.db (db.hpp, schema.hpp)
// and accounts/<id>/blobs/ (blob_files.hpp), implementing store::account.
// Internal to store/sqlite/; others see store::account.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>

#include "store/sqlite/blob_files.hpp"
#include "store/sqlite/db.hpp"
#include "store/sqlite/search.hpp"
#include "store/sqlite/sort_cache.hpp"
#include "store/store.hpp"

namespace cairn::store::sqlite {

// The backend's change listener, shared with its accounts. set() may race
// with notify(): a notification sees the old or the new listener.
class listener_slot {
 public:
  void set(std::function<void(const change_event&)> fn);
  void notify(const change_event& e) const;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const std::function<void(const change_event&)>> fn_;
};

struct account_options {
  unsigned keywords_per_mailbox = 1000;
  unsigned mailboxes_per_account = 10000;
  std::size_t mailbox_name_bytes = 1024;
  unsigned mailbox_depth = 64;
  // How long expunged UIDs are remembered for QRESYNC; 0: forever.
  std::chrono::seconds expunge_history{0};
  std::size_t search_index_text = 16 * 1024 * 1024;
  bool index_later = false;  // embedded_options::index_later (with an indexer)
  quota_limits default_quota;  // for accounts without settings of their own
  // The backend's SORT and THREAD cache, and its flags cache for SELECT
  // and FETCH (sort_cache.hpp); null: none.
  std::shared_ptr<sort_cache> sort_keys;
  std::shared_ptr<flags_cache> flags_rows;
  database_options db;
};

class search_indexer;

class sqlite_account final : public account {
 public:
  // Opens an existing account folder (mail.db must be there unless
  // `create`); creates blobs/ if missing.
  static result<std::shared_ptr<sqlite_account>> open(std::string id, const std::filesystem::path& dir,
                                                      const account_options& opt,
                                                      std::shared_ptr<const listener_slot> listener,
                                                      bool create);

  const std::string& id() const override { return id_; }

  result<std::vector<mailbox_info>> mailboxes() override;
  result<mailbox_info> mailbox(std::string_view name) override;
  result<mailbox_info> mailbox(mailbox_id id) override;
  result<mailbox_info> create_mailbox(std::string_view name, std::string_view special_use) override;
  result<void> delete_mailbox(std::string_view name) override;
  result<void> rename_mailbox(std::string_view from, std::string_view to) override;
  result<std::vector<std::string>> subscriptions() override;
  result<void> set_subscribed(std::string_view name, bool subscribed) override;
  result<mailbox_counts> counts(mailbox_id box) override;
  result<std::vector<std::string>> keywords(mailbox_id box) override;

  result<append_result> append(mailbox_id box, std::vector<new_message> msgs) override;
  result<std::vector<message_meta>> messages(mailbox_id box, const std::optional<uid_ranges>& only) override;
  result<std::vector<message_meta>> messages_any(mailbox_id box, const uid_ranges& uids) override;
  result<std::vector<message_flags>> flags_of(mailbox_id box, const std::optional<uid_ranges>& uids,
                                              bool any) override;
  result<listing> select_listing(mailbox_id box) override;
  result<changes> changes_since(mailbox_id box, modseq_t since) override;
  result<store_result> store_flags(mailbox_id box, const std::vector<uid_t>& uids, flag_op op, const flags& fl,
                                   std::optional<modseq_t> unchanged_since) override;
  result<copy_result> copy(mailbox_id from, const std::vector<uid_t>& uids, mailbox_id to, bool move) override;
  result<expunge_result> expunge(mailbox_id box, const std::optional<uid_ranges>& only) override;
  result<void> purge(mailbox_id box, modseq_t upto) override;
  result<uid_t> claim_recent(mailbox_id box) override;

  result<search_result> search(mailbox_id box, const search_key& key, const search_options& opt) override;
  result<std::vector<sort_source>> sort_sources(mailbox_id box, const std::vector<uid_t>& uids, unsigned fields,
                                                std::chrono::steady_clock::time_point deadline) override;
  result<std::vector<uid_t>> sort(mailbox_id box, const std::vector<uid_t>& uids,
                                  const std::vector<order_criterion>& criteria,
                                  std::chrono::steady_clock::time_point deadline) override;
  result<std::shared_ptr<const thread_tree>> thread(mailbox_id box, const std::vector<uid_t>& uids, thread_algorithm algorithm,
                             std::chrono::steady_clock::time_point deadline) override;
  result<quota_info> quota() override;
  result<void> set_quota(const quota_settings& settings) override;

  result<blob_ref> put_blob(std::string_view bytes) override;
  bool indexes_text_later() const override { return opt_.index_later; }
  result<std::string> read_blob(const blob_ref& blob, std::uint64_t offset, std::size_t max) override;
  result<std::string> parsed(const blob_ref& blob) override;
  result<void> set_parsed(const blob_ref& blob, std::string_view parsed) override;

  // Commits and jobs of this account's writer since it was opened.
  write_stats stats() const { return db_->stats(); }
  // The account was deleted: every later call fails with not_found.
  void mark_deleted() { deleted_ = true; }

  // The background indexer (indexer.hpp) that serves this account, and its
  // work: up to `max` documents of each kind (search.hpp, index_some).
  void set_indexer(std::weak_ptr<search_indexer> indexer, std::weak_ptr<sqlite_account> self);
  result<index_work> index_some(std::size_t max);
  result<index_stats> index_info() { return search_index_stats(*db_); }
  result<bool> index_work_pending() { return sqlite::index_work_pending(*db_); }
  // Set while queued in the indexer (indexer.cpp).
  std::atomic<bool> index_queued{false};

 private:
  sqlite_account(std::string id, std::filesystem::path dir, const account_options& opt,
                 std::shared_ptr<const listener_slot> listener);
  void notify_after(write_context& ctx, mailbox_id box, modseq_t modseq) const;
  // The expunge-memory time bucket of now + offset, or -1 when expunges are
  // remembered forever.
  std::int64_t expunge_bucket(std::int64_t offset_seconds = 0) const;
  // Removes the files of blobs no message uses (runs at the start of the
  // next write transaction; see "blob lifetime" in account.cpp).
  result<void> collect_blobs();
  // Tells the indexer there is work here (no-op without one).
  void wake_indexer(std::chrono::milliseconds delay = std::chrono::milliseconds(0)) const;
  // Takes the text of blobs no message uses any more out of the index, then
  // collects them (purge and delete_mailbox, so that their files go before
  // they return).
  void release_text();
  // Brings the cached keys of `box` up to date, with `fields` derived
  // (sort_cache.hpp); then the items for the live ones among `uids`, and
  // each one's row in k.rows. Under k.mu.
  result<void> refresh_keys(mailbox_keys& k, mailbox_id box, unsigned fields,
                            std::chrono::steady_clock::time_point deadline);
  // flags_of from the flags cache (sort_cache.hpp), brought up to date by
  // refresh_flags (under the entry's lock).
  result<std::vector<message_flags>> cached_flags(mailbox_id box, const std::optional<uid_ranges>& only, bool any);
  result<void> refresh_flags(mailbox_flags& f, mailbox_id box);
  // Runs use(keys, items, rows) on the cached keys of `box`, brought up to
  // date with `fields` derived, under the entry's lock (items_for's items
  // and rows for `uids`); then accounts the entry's size to the cache.
  template <class F>
  auto with_keys(mailbox_id box, const std::vector<uid_t>& uids, unsigned fields,
                 std::chrono::steady_clock::time_point deadline, F&& use)
      -> result<std::invoke_result_t<F&, mailbox_keys&, const std::vector<sort_item>&,
                                     const std::vector<std::uint32_t>&>>;
  static void items_for(const mailbox_keys& k, const std::vector<uid_t>& uids, std::vector<sort_item>& items,
                        std::vector<std::uint32_t>& rows);

  std::string id_;
  std::filesystem::path dir_;
  account_options opt_;
  std::shared_ptr<const listener_slot> listener_;
  std::unique_ptr<database> db_;
  blob_files blobs_;
  std::atomic<bool> deleted_{false};
  std::weak_ptr<search_indexer> indexer_;
  std::weak_ptr<sqlite_account> self_;
};

}  // namespace cairn::store::sqlite
