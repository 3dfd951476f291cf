#pragma once
// What SORT and THREAD compare, kept per mailbox between commands.
//
// Deriving a message's sort keys (RFC 2047 decoding, the RFC 5256 base
// subject, i;unicode-casemap folding, address and message-ID parsing) costs
// far more than sorting them, and a message never changes: so each sorted
// mailbox keeps its live messages' derived keys (and the ranks and the
// thread tree computed from them) in memory, and a later SORT or THREAD
// brings them up to date from the mailbox's change record instead of
// deriving them again.
//
// Up to date by the record QRESYNC relies on (RFC 7162): the mailbox's
// HIGHESTMODSEQ says whether anything changed; live rows with a higher
// MODSEQ are the new messages (or flag changes, which change no key), and
// expunged_ranges above the cached MODSEQ the messages gone. When the
// mailbox forgot expunges past the cached MODSEQ
// (limits.expunge_history_days), or its UIDVALIDITY changed, the entry is
// built again; so it is when the MODSEQ went back (a database put back from
// a copy). The MODSEQ is read before the rows, so a change racing with the
// read is applied again, harmlessly, next time.
//
// One cache per backend, bounded in messages over every account
// (store.sort_cache_messages): the least recently sorted mailboxes go
// first; a mailbox larger than the whole budget is sorted without one.
// The same holds for the flags of SELECT and FETCH below
// (store.flags_cache_messages).
#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sort.hpp"
#include "store/store.hpp"
#include "store/types.hpp"

namespace cairn::store::sqlite {

struct mailbox_keys {
  struct row {
    uid_t uid = 0;
    std::int64_t arrival = 0;
    std::uint64_t size = 0;
    derived_keys keys;
  };
  std::mutex mu;  // held while the entry is refreshed and used
  bool valid = false;
  std::uint32_t uidvalidity = 0;
  modseq_t modseq = 0;
  unsigned fields = 0;    // sort_field bits derived for every row
  std::vector<row> rows;  // the live messages, ascending by UID
  id_table ids;           // the rows' message IDs (field_thread); never shrinks
  // The rows as sort_items, and their UIDs, in compact arrays (a row's
  // keys are large: reading rows one by one would miss the cache).
  std::vector<uid_t> uids;
  std::vector<sort_item> items;
  // The last THREAD of the whole mailbox per algorithm, while `rows` stay.
  std::array<std::shared_ptr<const thread_tree>, 2> threads;

  // Each row's rank under `k` (key_ranks in store/sort.hpp), made when
  // first asked for and then kept as rows come and go.
  const std::vector<std::uint32_t>& ranks_of(order_key k);

  // `rows` were replaced.
  void rebuilt();
  // The rows whose UIDs are in `gone` go; ranks stay valid for the rest.
  void erase(const uid_ranges& gone);
  // New rows, ascending, above every UID here (mail arrives at the end);
  // each rank list takes them in place, one by one when they are few.
  void append(std::vector<row> add);

  // Bytes held, roughly (rows, their strings, the arrays, ID table, ranks).
  std::size_t bytes() const;

 private:
  // A key's ranks and its distinct values in order (rank = index; values
  // of rows gone may stay, so ranks are ordered but not dense).
  struct key_index {
    std::vector<std::uint32_t> rank;
    std::vector<std::string> strings;
    std::vector<std::int64_t> numbers;
    void clear() { *this = key_index(); }
  };
  std::array<key_index, 9> index_;
  void arrays();
};

// SELECT and FETCH FLAGS: a mailbox's rows as flags_of lists them (live
// and expunged-but-not-purged), kept between commands and brought up to
// date the same way (rows with a higher MODSEQ; expunged rows checked
// against the table each time, since a purge changes no MODSEQ).
struct mailbox_flags {
  std::mutex mu;
  bool valid = false;
  std::uint32_t uidvalidity = 0;
  modseq_t modseq = 0;
  std::vector<message_flags> rows;  // ascending by UID
  std::size_t expunged_rows = 0;    // of rows, those expunged
  // SELECT's answer (account::select_listing), made when first asked for
  // after a change.
  std::optional<account::listing> live;
  // After any change to rows.
  void changed() {
    expunged_rows = 0;
    for (const auto& r : rows) expunged_rows += r.expunged;
    live.reset();
  }
};

// Per (account, mailbox) entries of V, least recently used dropped first
// past a budget of messages over all accounts. One per kind per backend.
template <class V>
class mailbox_cache {
 public:
  explicit mailbox_cache(std::size_t max_messages) : max_(max_messages) {}

  // The entry of (account, box), new and empty when there was none.
  std::shared_ptr<V> get(const std::string& account, mailbox_id box) {
    std::lock_guard lk(mu_);
    const std::string k = key(account, box);
    if (auto it = pos_.find(k); it != pos_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return it->second->value;
    }
    lru_.push_front(entry{account, box, std::make_shared<V>(), 0});
    pos_[k] = lru_.begin();
    return lru_.front().value;
  }
  // After a use: the entry now holds `messages` rows. Entries used least
  // recently are dropped until the total fits; this one too when it alone
  // does not.
  void used(const std::string& account, mailbox_id box, std::size_t messages) {
    std::lock_guard lk(mu_);
    auto it = pos_.find(key(account, box));
    if (it == pos_.end()) return;  // forgotten meanwhile
    auto e = it->second;
    total_ = total_ - e->messages + messages;
    e->messages = messages;
    if (messages > max_) {
      drop(e);
      return;
    }
    while (total_ > max_ && !lru_.empty() && std::prev(lru_.end()) != e) drop(std::prev(lru_.end()));
  }
  // An account deleted: its entries go.
  void forget(const std::string& account) {
    std::lock_guard lk(mu_);
    for (auto it = lru_.begin(); it != lru_.end();) {
      auto next = std::next(it);
      if (it->account == account) drop(it);
      it = next;
    }
  }
  std::size_t messages() const {
    std::lock_guard lk(mu_);
    return total_;
  }
  std::size_t entries() const {
    std::lock_guard lk(mu_);
    return lru_.size();
  }

 private:
  struct entry {
    std::string account;
    mailbox_id box;
    std::shared_ptr<V> value;  // a user still holding it keeps it alive when dropped
    std::size_t messages = 0;
  };
  using list = std::list<entry>;
  static std::string key(const std::string& account, mailbox_id box) {
    return account + '/' + std::to_string(box);
  }
  void drop(typename list::iterator it) {
    total_ -= it->messages;
    pos_.erase(key(it->account, it->box));
    lru_.erase(it);
  }

  const std::size_t max_;
  mutable std::mutex mu_;
  list lru_;  // most recently used first
  std::unordered_map<std::string, typename list::iterator> pos_;
  std::size_t total_ = 0;
};

using sort_cache = mailbox_cache<mailbox_keys>;
using flags_cache = mailbox_cache<mailbox_flags>;

}  // namespace cairn::store::sqlite
