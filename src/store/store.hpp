#pragma once
// The store interface: the few operations that mail logic needs from a
// backend. The embedded backend (SQLite + blob files, store/sqlite/) and the
// later PostgreSQL backend implement exactly this; sessions, delivery and
// import never see SQL or files.
//
// Contract common to every call:
//  - Thread-safe. Any call may block (disk, fsync, network): callers on an
//    I/O thread must run them on a worker (imap/ does, via its store pool).
//  - A call that changes data returns only once the change is durable
//    (DESIGN.md "Durability"): blob fsynced and renamed into place with its
//    folder fsynced, then the metadata committed with synchronous=FULL.
//    Concurrent writers to one account share one commit (group commit).
//  - Each changing call is atomic: it happens entirely or not at all.
//  - Every change to a mailbox's messages bumps that mailbox's HIGHESTMODSEQ
//    (one new MODSEQ per call, shared by every message it changed), then the
//    backend's change listener is told, after the commit.
//  - Errors are cairn::errc values: not_found (no such mailbox),
//    already_exists, try_create (destination of append/copy missing),
//    limit, over_quota (append, copy: see "Quota"), cannot (see
//    delete_mailbox, rename_mailbox), too_large /
//    too_deep (a renamed child's name would pass the name limits), busy
//    (another process held the write lock past the busy timeout; retry),
//    disk_full, io_error, corrupted, internal.
//  - Mailbox names are UTF-8 NFC with '/' as the hierarchy delimiter, already
//    validated by the caller (store/mailbox_name.hpp). "INBOX" is spelled so.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "store/search.hpp"
#include "store/sort.hpp"
#include "store/types.hpp"

namespace cairn::store {

// One account's mail. Shared by every session of that account
// (std::shared_ptr from backend::open_account).
class account {
 public:
  virtual ~account() = default;

  virtual const std::string& id() const = 0;

  // -- Mailboxes ---------------------------------------------------------
  // Every mailbox, ordered by name (byte order).
  virtual result<std::vector<mailbox_info>> mailboxes() = 0;
  virtual result<mailbox_info> mailbox(std::string_view name) = 0;
  virtual result<mailbox_info> mailbox(mailbox_id id) = 0;
  // Creates one mailbox (not its parents: mail logic does that). A new
  // mailbox gets a UIDVALIDITY never used before for that name.
  // already_exists; limit past mailboxes_per_account.
  virtual result<mailbox_info> create_mailbox(std::string_view name,
                                              std::string_view special_use = {}) = 0;
  // Deletes one mailbox and its messages (children stay), releasing their
  // blobs. not_found; cannot for INBOX.
  virtual result<void> delete_mailbox(std::string_view name) = 0;
  // Renames `from` and every mailbox below it (`from/...`), keeping their
  // UIDVALIDITY and messages; already_exists if `to` or a child target
  // exists. `from` itself may be missing if it has children (a \Noselect
  // parent); not_found if neither. cannot when `to` is `from` or below it.
  // Subscriptions are not changed (RFC 9051 section 6.3.6).
  // Renaming INBOX (RFC 9051 section 6.3.6) instead creates `to` and moves
  // INBOX's live messages into it (new UIDs, as a MOVE would); INBOX stays,
  // empty, with its UIDVALIDITY and UIDNEXT; its children do not move.
  virtual result<void> rename_mailbox(std::string_view from, std::string_view to) = 0;
  // Subscriptions are names, and may name mailboxes that do not exist.
  virtual result<std::vector<std::string>> subscriptions() = 0;
  virtual result<void> set_subscribed(std::string_view name, bool subscribed) = 0;
  virtual result<mailbox_counts> counts(mailbox_id box) = 0;
  // Keywords the mailbox knows (PERMANENTFLAGS), in the order first seen.
  virtual result<std::vector<std::string>> keywords(mailbox_id box) = 0;

  // -- Messages ----------------------------------------------------------
  // Adds messages whose blobs are already durable (put_blob). All or none.
  // limit when new keywords would pass limits::keywords_per_mailbox;
  // try_create when the mailbox is gone. busy when a blob went away between
  // put_blob and append (its last user was purged meanwhile): put_blob
  // again and retry (the ingest path does).
  virtual result<append_result> append(mailbox_id box, std::vector<new_message> msgs) = 0;
  // Live (not expunged) messages, ascending by UID, restricted to `only`
  // when given.
  virtual result<std::vector<message_meta>> messages(mailbox_id box,
                                                     const std::optional<uid_ranges>& only = {}) = 0;
  // Messages by UID including expunged-but-not-purged ones (marked
  // `expunged`): a session not yet told of an expunge may still fetch.
  virtual result<std::vector<message_meta>> messages_any(mailbox_id box, const uid_ranges& uids) = 0;
  // UIDs and flags only, ascending, of live messages (or, with `any`, of
  // expunged-but-not-purged ones too) within `uids` (all when nullopt):
  // what SELECT and FETCH (UID FLAGS) need, without decoding each
  // message's blob name, dates and size (messages() costs about twice as
  // much per message; a 100,000-message SELECT spends most of its time there).
  virtual result<std::vector<message_flags>> flags_of(mailbox_id box, const std::optional<uid_ranges>& uids,
                                                      bool any) = 0;
  // What SELECT needs: the live UIDs, ascending, and the position in them
  // of the first message without \Seen (none when all are seen). The
  // default is flags_of; a backend may answer from memory.
  struct listing {
    std::vector<uid_t> uids;
    std::optional<std::size_t> first_unseen;
  };
  virtual result<listing> select_listing(mailbox_id box) {
    auto f = flags_of(box, std::nullopt, false);
    if (!f) return f.error();
    listing l;
    l.uids.reserve(f->size());
    for (const auto& m : *f) {
      if (!l.first_unseen && !(m.fl.system & flag_seen)) l.first_unseen = l.uids.size();
      l.uids.push_back(m.uid);
    }
    return l;
  }
  // What changed after `since`: live messages with a higher MODSEQ, and UIDs
  // expunged with a higher MODSEQ (purged ones included: expunges are
  // remembered as UID ranges with their MODSEQ, for QRESYNC).
  virtual result<changes> changes_since(mailbox_id box, modseq_t since) = 0;
  // STORE. Messages whose MODSEQ is above `unchanged_since` are left alone
  // and listed in `modified` (RFC 7162 section 3.1.3). Messages whose flags
  // would not change keep their MODSEQ and are not in `updated`. Requested
  // UIDs that are expunged (not yet purged) are listed in `expunged`;
  // unknown UIDs are ignored. Keywords take the mailbox's spelling.
  virtual result<store_result> store_flags(mailbox_id box, const std::vector<uid_t>& uids, flag_op op,
                                           const flags& fl,
                                           std::optional<modseq_t> unchanged_since = {}) = 0;
  // COPY or MOVE (RFC 6851). New UIDs in `to` in source UID order. try_create
  // when `to` is missing, not_found when `from` is. A MOVE expunges the
  // source messages in the same transaction. All or none: a requested UID
  // that is expunged (not yet purged) fails the call with `expunged` and
  // nothing is copied (RFC 2180 section 4.4.1); unknown UIDs are skipped
  // and absent from source_uids. Flags and keywords come along (keywords
  // count against `to`'s limit: limit).
  virtual result<copy_result> copy(mailbox_id from, const std::vector<uid_t>& uids, mailbox_id to,
                                   bool move) = 0;
  // EXPUNGE: messages with \Deleted, only those in `only` when given (UID
  // EXPUNGE). Expunged messages stay readable (messages_any) until purged.
  virtual result<expunge_result> expunge(mailbox_id box, const std::optional<uid_ranges>& only = {}) = 0;
  // Drops expunged messages with MODSEQ <= `upto` for good and releases their
  // blobs (a blob goes when no message refers to it). The notification hub
  // calls this once every session that could still fetch them has been told.
  virtual result<void> purge(mailbox_id box, modseq_t upto) = 0;
  // \Recent (RFC 3501 section 2.3.2): a read-write session claims the
  // messages from recent_floor up; returns the old floor and moves it to
  // UIDNEXT, atomically, so each new message is recent in one session only.
  virtual result<uid_t> claim_recent(mailbox_id box) = 0;

  // -- Search --------------------------------------------------------------
  // The live messages of `box` that match `key`, ascending by UID, with the
  // meanings store/search.hpp gives each key. A read: it changes nothing.
  // not_found; timeout once opt.deadline has passed (the search stops).
  virtual result<search_result> search(mailbox_id box, const search_key& key, const search_options& opt) = 0;
  // -- SORT and THREAD (store/sort.hpp) ------------------------------------
  // For each of `uids` (ascending) that is a live message of `box`: its
  // internal date, size and the header keys named by `fields` (sort_field
  // bits) as the ingest path stored them, ascending by UID. Messages whose
  // keys are not stored yet (older mail the background indexer has not
  // reached) are read once to derive them, as SEARCH does. not_found;
  // timeout past `deadline`.
  virtual result<std::vector<sort_source>> sort_sources(mailbox_id box, const std::vector<uid_t>& uids, unsigned fields,
                                                        std::chrono::steady_clock::time_point deadline) = 0;
  // SORT and THREAD of the live messages of `box` among `uids` (ascending).
  // The defaults derive the keys from sort_sources on every call; a backend
  // may keep derived keys between calls (messages never change). not_found;
  // timeout past `deadline`.
  virtual result<std::vector<uid_t>> sort(mailbox_id box, const std::vector<uid_t>& uids,
                                          const std::vector<order_criterion>& criteria,
                                          std::chrono::steady_clock::time_point deadline) {
    auto src = sort_sources(box, uids, fields_for(criteria), deadline);
    if (!src) return src.error();
    return sort_messages(*src, criteria);
  }
  virtual result<std::shared_ptr<const thread_tree>> thread(mailbox_id box, const std::vector<uid_t>& uids,
                                                             thread_algorithm algorithm,
                                                             std::chrono::steady_clock::time_point deadline) {
    auto src = sort_sources(box, uids, fields_for(algorithm), deadline);
    if (!src) return src.error();
    return std::make_shared<const thread_tree>(algorithm == thread_algorithm::references ? thread_references(*src)
                                                                                        : thread_orderedsubject(*src));
  }
  // -- Quota (RFC 9208) --------------------------------------------------
  // One quota root per account (types.hpp, quota_info). append and copy
  // answer over_quota, changing nothing, when what they add would take the
  // usage past a limit in force; a MOVE within the account adds nothing and
  // is never refused for quota, nor is anything that only removes mail.
  // Counted in the same transaction as the change, so concurrent writers
  // cannot overshoot together.
  virtual result<quota_info> quota() = 0;
  // Replaces the account's own settings (both resources). Takes effect for
  // the next change; mail already stored stays even when over the limit.
  virtual result<void> set_quota(const quota_settings& settings) = 0;

  // -- Blobs -------------------------------------------------------------
  // Stores bytes (already CRLF) durably and returns their reference. Storing
  // the same bytes twice returns the same reference. A blob that no message
  // refers to is removed by purge or by `cairn check`.
  virtual result<blob_ref> put_blob(std::string_view bytes) = 0;
  // Whether the text of new mail is indexed later by the backend itself,
  // so that the ingest path need not extract it (search_data's keys only).
  virtual bool indexes_text_later() const { return false; }
  // Up to `max` bytes from `offset` (fewer at the end).
  virtual result<std::string> read_blob(const blob_ref& blob, std::uint64_t offset, std::size_t max) = 0;
  // The opaque parsed structure stored beside a blob by the ingest path
  // (empty when none was stored).
  virtual result<std::string> parsed(const blob_ref& blob) = 0;
  // Replaces it, for structures of an older format that a reader parsed
  // again. Not a message change: no MODSEQ, no listener call.
  virtual result<void> set_parsed(const blob_ref& blob, std::string_view parsed) = 0;
};

// The accounts that exist and their password hashes.
class directory {
 public:
  virtual ~directory() = default;
  // already_exists if the name is taken. Creates the account's storage.
  virtual result<user_record> add_user(std::string_view name, std::string_view password_hash) = 0;
  virtual result<user_record> find_user(std::string_view name) = 0;  // not_found
  virtual result<void> set_password(std::string_view name, std::string_view password_hash) = 0;
  // Removes the account and all its mail.
  virtual result<void> delete_user(std::string_view name) = 0;
  virtual result<std::vector<user_record>> users() = 0;
};

// What changed, told to the backend's listener after each commit.
//  - messages of a mailbox changed: {account, mailbox, its new HIGHESTMODSEQ}
//  - the mailbox list changed (create, delete, rename): {account, 0, 0}
//  - a mailbox was deleted: additionally {account, its id, 0}, so sessions
//    that have it selected learn it is gone.
//  - the account was deleted (`cairn user del`): {account, account_deleted, 0}.
inline constexpr mailbox_id account_deleted = -1;
struct change_event {
  std::string account_id;
  mailbox_id mailbox = 0;   // 0: the mailbox list itself changed
  modseq_t highestmodseq = 0;
};

class backend {
 public:
  virtual ~backend() = default;
  virtual directory& users() = 0;
  // The same object for every caller while anyone holds it.
  virtual result<std::shared_ptr<account>> open_account(const std::string& account_id) = 0;
  // Called after every committed change, on the committing thread; must not
  // block or call back into the store.
  virtual void set_change_listener(std::function<void(const change_event&)> listener) = 0;
  // Another process deleted the account (its change event said so): the
  // handles this process holds fail with not_found from now on, as they do
  // when this process deletes it. Without this, sessions of a deleted
  // account would go on reading and writing files that no longer exist.
  virtual void forget_account(const std::string& account_id) = 0;
};

struct embedded_options {
  std::filesystem::path data_dir;
  unsigned keywords_per_mailbox = 1000;
  unsigned mailboxes_per_account = 10000;
  // A RENAME must not make a child's name pass these (limits.hpp).
  std::size_t mailbox_name_bytes = 1024;
  unsigned mailbox_depth = 64;
  // Read connections per open account (each holds SQLite's page cache).
  unsigned read_connections = 4;
  // Accounts kept open after their last session ends, most recently used
  // first (store.keep_open), so that a client that comes back finds its
  // database open and its statements prepared. 0: closed with the last
  // session.
  unsigned keep_open = 256;
  // How long to wait for another process's write lock before busy.
  int busy_timeout_ms = 10000;
  // How long expunged UIDs are remembered for QRESYNC (limits.expunge_history_days);
  // 0: forever. A client whose MODSEQ is older than what is remembered
  // hears of every UID that is not live (RFC 7162 section 3.2.6).
  std::chrono::seconds expunge_history{0};
  // Searchable text past this stays out of the full-text index (limits.hpp).
  std::size_t search_index_text = 16 * 1024 * 1024;
  // SORT and THREAD keep each sorted mailbox's derived keys in memory,
  // for up to this many messages over all accounts (store.sort_cache_messages,
  // least recently sorted dropped first); 0: derived again on every command.
  std::size_t sort_cache_messages = 250000;
  // SELECT and FETCH FLAGS keep each mailbox's (UID, flags) rows in memory,
  // for up to this many messages over all accounts
  // (store.flags_cache_messages); 0: read from the database every time.
  std::size_t flags_cache_messages = 1000000;
  // A thread that indexes mail stored before the index existed (or too
  // large to index on arrival) and removes the text of purged mail, while
  // accounts are open. Tests that drive it themselves turn it off
  // (sqlite/embedded.hpp, build_search_index).
  bool background_indexing = true;
  // New mail's text goes to the full-text index a moment after it arrives,
  // by that thread (sqlite/indexer.hpp), instead of in the transaction that
  // adds it. For `cairn serve`; a short-lived process (cairn deliver,
  // import) indexes as it adds, since it may be gone before the moment
  // comes. Needs background_indexing.
  bool index_later = false;
  // Quota limits of accounts that have no setting of their own
  // (quota.storage, quota.messages; nullopt: none).
  quota_limits default_quota;
};

// The embedded store (store/sqlite/): a folder holding users.db and one
// folder per account (mail.db, blobs/). Creates what is missing (folders
// 0700, files 0600). Several backends (processes) may open one folder.
result<std::unique_ptr<backend>> open_embedded(const embedded_options& options);

// Creates INBOX and the special-use folders a new account starts with
// (Drafts, Sent, Trash, Junk, Archive), subscribed. Idempotent.
result<void> provision(account& acct);

}  // namespace cairn::store
