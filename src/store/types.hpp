#pragma once
// Values that cross the store interface. Plain data: no SQL, no files.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cairn::store {

using uid_t = std::uint32_t;
using modseq_t = std::uint64_t;
using mailbox_id = std::int64_t;

// System flags as bits. \Recent is not stored: it is a property of a
// session (RFC 3501 section 2.3.2), derived from mailbox::recent_floor.
enum flag_bit : std::uint8_t {
  flag_seen = 1,
  flag_answered = 2,
  flag_flagged = 4,
  flag_deleted = 8,
  flag_draft = 16,
};

struct flags {
  std::uint8_t system = 0;
  // Keywords as the mailbox first saw them; compared case-insensitively
  // (ASCII), kept sorted by that comparison, no duplicates.
  std::vector<std::string> keywords;
  bool operator==(const flags&) const = default;
};

// A date with the zone it was given in, as INTERNALDATE and Date: carry one.
struct zoned_time {
  std::int64_t unix_seconds = 0;
  std::int32_t offset_minutes = 0;  // east of UTC
  bool operator==(const zoned_time&) const = default;
};

// A stored message body. Content-addressed: `hash` is the SHA-256 of the
// stored (CRLF) bytes, lower-case hex; the backend resolves it to bytes.
struct blob_ref {
  std::string hash;
  std::uint64_t size = 0;
  bool operator==(const blob_ref&) const = default;
};

struct mailbox_info {
  mailbox_id id = 0;
  std::string name;            // UTF-8, NFC, '/' as delimiter, "INBOX" exact
  std::uint32_t uidvalidity = 0;
  uid_t uidnext = 1;
  modseq_t highestmodseq = 1;
  std::string special_use;     // "\\Sent", "\\Drafts", ... or empty
  // First UID not yet claimed as \Recent by a read-write session.
  uid_t recent_floor = 1;
};

struct mailbox_counts {
  std::uint32_t messages = 0;
  std::uint32_t unseen = 0;
  std::uint32_t deleted = 0;
  std::uint64_t size = 0;       // sum of RFC822.SIZE
  std::uint64_t deleted_size = 0;  // sum of RFC822.SIZE of \Deleted messages
  std::uint32_t recent = 0;     // uid >= recent_floor
};

// What a session needs about one message to answer FETCH of the fast items
// and to keep its view.
struct message_meta {
  uid_t uid = 0;
  modseq_t modseq = 0;
  flags fl;
  zoned_time internal_date;
  std::uint64_t size = 0;       // RFC822.SIZE: bytes as stored (CRLF)
  blob_ref blob;
  std::int64_t saved_date = 0;  // when it was stored here (RFC 8514 SAVEDATE)
  bool expunged = false;        // expunged, but not yet purged (still readable)
};

// One message's UID and flags (account::flags_of).
struct message_flags {
  uid_t uid = 0;
  flags fl;
  bool expunged = false;
};

// A set of UIDs as inclusive ranges, ascending, non-overlapping.
struct uid_range {
  uid_t first = 0;
  uid_t last = 0;
  bool operator==(const uid_range&) const = default;
};
using uid_ranges = std::vector<uid_range>;

// Header fields that SEARCH (and SORT and THREAD) need, taken from the
// message once, at ingest (store/search_text.hpp), so that none of them reads
// the message again. Each is the field's value as in the message, unfolded
// and trimmed (RFC 2047 words still encoded: mime::decode_header decodes),
// every occurrence of the field joined by '\n'; nullopt when it is absent.
struct header_keys {
  std::optional<std::string> subject, from, to, cc, bcc, message_id, in_reply_to, references;
  std::optional<zoned_time> date;  // the first Date: field, when it parses (RFC 5322)
  bool operator==(const header_keys&) const = default;
};

// What the ingest path prepares for SEARCH, outside any lock: the header
// keys, and the message's text for the full-text index as SEARCH sees it
// (store/search_text.hpp), already folded (store/casemap.hpp).
struct search_data {
  header_keys keys;
  // The texts are here for the index. When false they are empty: the text
  // was too large for the index (too_large; limits::search_index_text: the
  // message is then always read), or the caller left them to the backend's
  // background indexer.
  bool indexable = false;
  bool too_large = false;
  std::string header_text, body_text;
};

// One message on its way in through the ingest path.
struct new_message {
  blob_ref blob;                // already durable in the blob store
  flags fl;
  zoned_time internal_date;
  // Parsed structure for FETCH/SEARCH/SORT, filled by the ingest path once the
  // MIME parser lands; the store keeps it beside the blob, keyed by hash.
  std::string parsed;           // opaque to the store
  // Null when the caller did not prepare it: the backend's background
  // indexer derives it from the blob later.
  std::shared_ptr<const search_data> search;
};

struct append_result {
  std::uint32_t uidvalidity = 0;
  std::vector<uid_t> uids;      // one per message, in order
  modseq_t modseq = 0;
};

// Changes in one mailbox after a given MODSEQ: what a session must report.
struct changes {
  mailbox_info mailbox;                 // its state when read
  std::vector<message_meta> changed;    // live messages with modseq > since, by uid
  // UIDs expunged with modseq > since, merged ranges, ascending. Ranges
  // rather than UIDs: a mailbox's expunge history can be long, and VANISHED
  // sends it as a sequence set anyway. Old entries may be attributed a
  // later MODSEQ than their own (compaction): then a client may hear of an
  // expunge it already knew, never miss one (RFC 7162 section 3.2.6 lets a
  // server that forgot details report every expunged UID).
  uid_ranges expunged;
};

enum class flag_op { set, add, remove };

struct store_result {
  modseq_t modseq = 0;                  // the new modseq of changed messages
  std::vector<message_meta> updated;    // messages whose flags changed
  std::vector<modseq_t> previous;       // their MODSEQ before, same order
  std::vector<uid_t> modified;          // UNCHANGEDSINCE failures ([MODIFIED])
  std::vector<uid_t> expunged;          // requested but already expunged
};

struct copy_result {
  std::uint32_t uidvalidity = 0;        // of the destination
  std::vector<uid_t> source_uids;       // messages copied, ascending
  std::vector<uid_t> dest_uids;         // their new UIDs, same order
  modseq_t source_modseq = 0;           // MOVE: the modseq of the expunges
};

struct expunge_result {
  std::vector<uid_t> uids;              // expunged, ascending
  modseq_t modseq = 0;
};

// Quotas (RFC 9208). One quota root per account: every mailbox of the
// account counts against it. Usage counts live (not expunged) messages:
// their number, and the sum of their RFC822.SIZE (bytes as stored).
//
// An account's own setting for one resource: follow the backend's default
// (from the configuration), no limit, or a limit.
struct quota_setting {
  enum class kind : std::uint8_t { inherit, unlimited, limit };
  kind how = kind::inherit;
  std::uint64_t value = 0;  // with kind::limit: bytes (storage) or messages
  bool operator==(const quota_setting&) const = default;
};

struct quota_settings {
  quota_setting storage;   // bytes
  quota_setting messages;
  bool operator==(const quota_settings&) const = default;
};

// Limits in force; nullopt means none.
struct quota_limits {
  std::optional<std::uint64_t> storage;   // bytes
  std::optional<std::uint64_t> messages;
  bool operator==(const quota_limits&) const = default;
};

struct quota_info {
  std::uint64_t storage_used = 0;   // bytes
  std::uint64_t messages_used = 0;
  quota_limits limits;              // in force (own settings over defaults)
  quota_settings own;               // the account's own settings
};

struct user_record {
  std::string name;            // lower-case, as typed at login
  std::string account_id;      // opaque, stable; names the account's folder
  std::string password_hash;   // PHC string ($argon2id$...) or crypt string
};

}  // namespace cairn::store
