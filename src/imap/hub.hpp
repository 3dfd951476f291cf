#pragma once
// The notification hub: which sessions have which mailbox open, and the
// news that a mailbox changed (DESIGN.md "Sessions agree"). The store's change
// listener calls notify(); the hub wakes every session watching that mailbox
// (the session then asks the store what changed, by MODSEQ, at its next
// checkpoint). Changes made by other processes arrive over the data folder's
// Unix socket (server/) and take the same path.
//
// Thread-safe. notify() never blocks on a session: a wake-up is a posted
// call on the session's own executor.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/types.hpp"

namespace cairn::imap {

class hub {
 public:
  using waker = std::function<void()>;

  // A registration; dropping it unregisters.
  class watch {
   public:
    watch() = default;
    watch(const watch&) = delete;
    watch& operator=(const watch&) = delete;
    watch(watch&& o) noexcept { *this = std::move(o); }
    watch& operator=(watch&& o) noexcept;
    ~watch() { reset(); }
    void reset();
    explicit operator bool() const { return owner_ != nullptr; }
    // What this session has been told, for purging (hub::safe_to_purge).
    void told(store::modseq_t m);

   private:
    friend class hub;
    hub* owner_ = nullptr;
    std::string key_;
    std::uint64_t id_ = 0;
  };

  // Watch one mailbox (mailbox 0: the account's mailbox list).
  watch subscribe(const std::string& account, store::mailbox_id box, store::modseq_t told, waker w);
  // Also wakes every watcher of the account for mailbox 0 events.
  void notify(const std::string& account, store::mailbox_id box, store::modseq_t highest);
  // Wakes every watcher of every mailbox of the account (it was deleted).
  void notify_account(const std::string& account);
  // The lowest MODSEQ any watcher of the mailbox has been told (or
  // `fallback` when nobody watches): expunged messages at or below it can
  // be purged.
  store::modseq_t safe_to_purge(const std::string& account, store::mailbox_id box, store::modseq_t fallback);
  // Latest HIGHESTMODSEQ seen for a mailbox, 0 if unknown.
  store::modseq_t latest(const std::string& account, store::mailbox_id box);
  std::size_t watchers() const;

 private:
  struct entry {
    waker wake;
    store::modseq_t told = 0;
  };
  struct mailbox_watchers {
    std::map<std::uint64_t, entry> sessions;
    store::modseq_t latest = 0;
  };
  static std::string key(const std::string& account, store::mailbox_id box);
  void drop(const std::string& key, std::uint64_t id);
  void set_told(const std::string& key, std::uint64_t id, store::modseq_t m);

  mutable std::mutex mu_;
  std::unordered_map<std::string, mailbox_watchers> boxes_;
  std::uint64_t next_id_ = 1;
};

}  // namespace cairn::imap
