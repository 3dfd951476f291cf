#pragma once
// What SEARCH, SORT and THREAD share (cmd/search.cpp, cmd/sort.cpp): the
// program resolved into a store search, the search run and mapped to what
// this session knows, the ESEARCH answer items (RFC 4731, RFC 5267,
// RFC 9394) and the RETURN (UPDATE) contexts kept current at checkpoints.
#include <optional>
#include <string>
#include <vector>

#include "imap/session.hpp"
#include "protocol/search.hpp"
#include "store/search.hpp"
#include "store/sort.hpp"

namespace cairn::imap {

// The program in store terms. `charset` is SEARCH's optional CHARSET or
// SORT/THREAD's mandatory one. On failure the reply is set (BAD for a bad
// string or CHARSET after UTF8=ACCEPT, NO [BADCHARSET] for an unknown
// charset), "$" is emptied when `save` and the answer is NO, and nullopt is
// returned. `charset_allowed_after_utf8`: SORT and THREAD must name one.
std::optional<store::search_key> resolve_search(session& s, command_context& ctx, const proto::search_key& program,
                                                const std::optional<std::string>& charset, bool save,
                                                bool charset_mandatory);

struct found_messages {
  std::vector<store::uid_t> uids;        // ascending, known to the session
  std::vector<store::modseq_t> modseqs;  // of each
};

// Runs the search; nullopt with the reply set (NO) when it failed.
net::awaitable<std::optional<found_messages>> run_search(session& s, command_context& ctx, const store::search_key& key,
                                                         bool save);

// The same for a checkpoint (no reply): nullopt on any failure.
net::awaitable<std::optional<std::vector<store::uid_t>>> rerun_search(session& s, const store::search_key& key);

// Numbers in a result order as a sequence-set: ranges only for ascending
// runs (RFC 5267 section 3.2), so the order survives.
std::string ordered_set(const std::vector<std::uint32_t>& nums);

// The ESEARCH items after the correlator (and UID): MIN MAX ALL PARTIAL
// COUNT for `nums` in result order (mailbox order for SEARCH, sort order
// for SORT; RFC 5267 section 3.1), and MODSEQ when `modseq` is set.
void append_result_items(std::string& out, const proto::search_return& ret, const std::vector<std::uint32_t>& nums,
                         bool sorted, std::optional<store::modseq_t> modseq);
// RFC 9394 section 3.2 (and RFC 9051 table 4 without PARTIAL): what SAVE
// keeps, from `found` in result order. Ascending.
std::vector<store::uid_t> saved_of(const proto::search_return& ret, const std::vector<store::uid_t>& in_order);

// The messages PARTIAL selects from a result of `n`: [begin, end) indexes.
std::pair<std::size_t, std::size_t> partial_slice(const proto::partial_range& r, std::size_t n);

// RETURN (UPDATE): registers a context or answers "* NO [NOUPDATE]" when
// the session has as many as limits.update_contexts.
void add_update_context(session& s, mailbox_view::update_context&& c);
// True when a context with this tag exists (a second UPDATE with the same
// tag is BAD, RFC 5267 section 4.3).
bool has_update_context(const mailbox_view& v, std::string_view tag);

// At a checkpoint, after EXISTS and before EXPUNGE (RFC 5267 sections
// 4.3.3, 4.3.4): re-evaluates each context and sends ADDTO / REMOVEFROM.
net::awaitable<void> update_contexts(session& s);

// Before this session reports expunges of its own (EXPUNGE, MOVE): sends
// REMOVEFROM for the contexts holding any of `uids` (ascending) while
// their sequence numbers still hold. No store call.
void remove_from_contexts(session& s, const std::vector<store::uid_t>& uids);

}  // namespace cairn::imap
