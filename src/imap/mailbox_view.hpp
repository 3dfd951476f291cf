#pragma once
// What one session knows about its selected mailbox: the sequence-number
// map, the MODSEQ it has been told up to, its \Recent messages and the
// expunges it has not reported yet. Sessions agree because each one moves
// its view forward only through the store's changes_since() (DESIGN.md
// "Sessions agree"), at checkpoints the RFC allows.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "imap/hub.hpp"
#include "protocol/sequence_set.hpp"
#include "store/search.hpp"
#include "store/sort.hpp"
#include "store/types.hpp"

namespace cairn::imap {

class mailbox_view {
 public:
  store::mailbox_info box;
  bool read_only = false;
  // uids[seq - 1]; ascending. Includes messages expunged by others but not
  // yet reported to this session (they keep their sequence numbers).
  std::vector<store::uid_t> uids;
  // Expunged in the store, still in `uids`, waiting for a checkpoint where
  // EXPUNGE may be sent. Ascending.
  std::vector<store::uid_t> pending_expunges;
  // While expunges are held: every one of them has a MODSEQ above this
  // (the MODSEQ the session had been told when the first was found), so a
  // CONDSTORE client may be given it as its HIGHESTMODSEQ (RFC 7162
  // section 3.2: lower than the delayed expunges' MODSEQ).
  store::modseq_t held_below = 0;
  store::modseq_t told_modseq = 0;
  std::vector<store::uid_t> recent;      // ascending
  std::vector<std::string> keywords;     // as in the last FLAGS response
  bool keyword_limit_reached = false;    // then \* leaves PERMANENTFLAGS
  // The search result variable "$" (RFC 9051 section 6.4.4.1, RFC 5182),
  // set by SEARCH RETURN (SAVE), as UIDs ascending. It belongs to this
  // selection: SELECT and EXAMINE make a new view, so it starts empty.
  // Expunged messages drop out of it where it is used (select() keeps only
  // UIDs still in `uids`).
  std::vector<store::uid_t> saved;
  // Flag updates this session reported itself (uid -> modseq), so that the
  // next checkpoint does not report them again.
  std::map<store::uid_t, store::modseq_t> own_updates;
  hub::watch watch;
  // RETURN (UPDATE) contexts of SEARCH and SORT (RFC 5267 section 4.3): the
  // program as resolved when the command ran (sequence numbers are
  // evaluated then, as the RFC says), and the result the client holds, in
  // its order. They end with this view (another SELECT, CLOSE) or with
  // CANCELUPDATE.
  struct update_context {
    std::string tag;
    bool uid = false;
    store::search_key key;
    bool sorted = false;  // SORT: `criteria` apply; SEARCH: mailbox order
    std::vector<store::order_criterion> criteria;
    std::vector<store::uid_t> result;
  };
  std::vector<update_context> contexts;

  std::uint32_t exists() const { return static_cast<std::uint32_t>(uids.size()); }
  std::optional<std::uint32_t> seq_of(store::uid_t uid) const {
    auto it = std::lower_bound(uids.begin(), uids.end(), uid);
    if (it == uids.end() || *it != uid) return std::nullopt;
    return static_cast<std::uint32_t>(it - uids.begin() + 1);
  }
  store::uid_t last_uid() const { return uids.empty() ? 0 : uids.back(); }
  bool is_recent(store::uid_t uid) const { return std::binary_search(recent.begin(), recent.end(), uid); }
  bool is_pending_expunge(store::uid_t uid) const {
    return std::binary_search(pending_expunges.begin(), pending_expunges.end(), uid);
  }

  // The messages a command's sequence set names, as UIDs ascending, or
  // nullopt with `why` when the set is invalid: a sequence number past the
  // last message, "*" in an empty mailbox (RFC 9051 seq-number: tagged
  // BAD). A UID set names the UIDs that exist; "*" is the last UID, or
  // UIDNEXT in an empty mailbox. "$" names the saved messages that are
  // still here, by sequence number or UID alike; an empty "$" is valid and
  // names none (RFC 9051 section 6.4.4.1).
  std::optional<std::vector<store::uid_t>> select(const proto::sequence_set& set, bool uid, std::string& why) const {
    if (set.saved) return by_uid(proto::from_sorted(saved));
    if (uid) return by_uid(proto::resolve(set, uids.empty() ? box.uidnext : uids.back()));
    if (uids.empty()) {
      why = "No messages";
      return std::nullopt;
    }
    auto r = proto::resolve(set, exists());
    if (!r.empty() && r.back().last > exists()) {
      why = "Invalid message sequence number";
      return std::nullopt;
    }
    return by_seq(r);
  }

  // Messages named by sequence numbers (already resolved, clipped by the
  // caller) or by UIDs (those that exist in the view), as UIDs, ascending.
  std::vector<store::uid_t> by_seq(const proto::number_ranges& seqs) const {
    std::vector<store::uid_t> out;
    for (const auto& r : seqs)
      for (std::uint64_t s = r.first; s <= r.last && s <= uids.size(); ++s) out.push_back(uids[s - 1]);
    return out;
  }
  std::vector<store::uid_t> by_uid(const proto::number_ranges& set) const {
    std::vector<store::uid_t> out;
    for (const auto& r : set) {
      auto it = std::lower_bound(uids.begin(), uids.end(), r.first);
      for (; it != uids.end() && *it <= r.last; ++it) out.push_back(*it);
    }
    return out;
  }
};

}  // namespace cairn::imap
