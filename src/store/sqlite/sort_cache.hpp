#pragma once
// What SORT and THREAD compare, kept per mailbox between commands.
//
// Deriving a message's sort keys (RFC 2047 decoding, the RFC 5256 base
// subject, i;unicode-casemap folding, address and message-ID parsing) costs
// far more than sorting them, and a message never changes: so each sorted
// mailbox keeps its live messages' derived keys (and the string ranks
// computed from them) in memory, and a later SORT or THREAD brings them up
// to date from the mailbox's change record instead of deriving them again.
//
// Up to date by the record QRESYNC relies on (RFC 7162): the mailbox's
// HIGHESTMODSEQ says whether anything changed; live rows with a higher
// MODSEQ are the new messages (or flag changes, which change no key), and
// expunged_ranges above the cached MODSEQ the messages gone. When the
// mailbox forgot expunges past the cached MODSEQ
// (limits.expunge_history_days), or its UIDVALIDITY changed, the entry is
// built again. The MODSEQ is read before the rows, so a change racing with
// the read is applied again, harmlessly, next time.
//
// One cache per backend, bounded in messages over every account
// (store.sort_cache_messages): the least recently sorted mailboxes go
// first; a mailbox larger than the whole budget is sorted without one.
#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sort.hpp"
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

class sort_cache {
 public:
  explicit sort_cache(std::size_t max_messages) : max_(max_messages) {}

  // The entry of (account, box), new and empty when there was none.
  std::shared_ptr<mailbox_keys> get(const std::string& account, mailbox_id box);
  // After a use: the entry now holds `messages` rows. Entries sorted least
  // recently are dropped until the total fits; this one too when it alone
  // does not.
  void used(const std::string& account, mailbox_id box, std::size_t messages);
  // An account deleted or closed for good: its entries go.
  void forget(const std::string& account);

  std::size_t messages() const;
  std::size_t entries() const;

 private:
  struct entry {
    std::string account;
    mailbox_id box;
    std::shared_ptr<mailbox_keys> keys;
    std::size_t messages = 0;
  };
  using list = std::list<entry>;
  static std::string key(const std::string& account, mailbox_id box);
  void drop(list::iterator it);

  const std::size_t max_;
  mutable std::mutex mu_;
  list lru_;  // most recently used first
  std::unordered_map<std::string, list::iterator> pos_;
  std::size_t total_ = 0;
};

}  // namespace cairn::store::sqlite
