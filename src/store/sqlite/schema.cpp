#include "store/sqlite/schema.hpp"

namespace cairn::store::sqlite {

namespace {

const migration users_v1 = R"sql(
CREATE TABLE users(
  name TEXT PRIMARY KEY,            -- login name, lower-cased
  account_id TEXT NOT NULL UNIQUE,  -- random hex; names accounts/<id>/
  password_hash TEXT NOT NULL,      -- PHC or crypt string
  created INTEGER NOT NULL          -- unix seconds
);
)sql";

// Sizes and access paths, for a mailbox of 100,000 messages:
//  - messages is WITHOUT ROWID keyed (mailbox_id, uid): SELECT reads one
//    mailbox's rows in UID order straight off the primary key, ~80 bytes a
//    row, no second lookup.
//  - messages_modseq makes changes_since (CONDSTORE/QRESYNC) a range scan.
//  - keywords are stored per message as the mailbox's keyword numbers
//    ("3 17"), names once per mailbox in `keywords`.
//  - blobs.refcount counts message rows (live or expunged, not yet purged)
//    that use a blob; 0 means "may be collected" (account.cpp, "blob
//    lifetime"), found through blobs_unreferenced.
//  - expunged_ranges remembers expunges as UID ranges with their MODSEQ,
//    after the rows themselves are purged, for VANISHED (EARLIER).
const migration mail_v1 = R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE mailboxes(
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: sessions hold ids
  name TEXT NOT NULL UNIQUE,             -- UTF-8 NFC, '/' delimiter; byte order
  uidvalidity INTEGER NOT NULL UNIQUE,   -- from meta.last_uidvalidity
  uidnext INTEGER NOT NULL,
  highestmodseq INTEGER NOT NULL,
  special_use TEXT NOT NULL DEFAULT '',
  recent_floor INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE subscriptions(
  name TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE keywords(
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  num INTEGER NOT NULL,                 -- 0, 1, ... in the order first seen
  name TEXT NOT NULL COLLATE NOCASE,    -- NOCASE is ASCII-only, as keywords are
  PRIMARY KEY(mailbox_id, num),
  UNIQUE(mailbox_id, name)
) WITHOUT ROWID;

CREATE TABLE blobs(
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,            -- SHA-256, 32 bytes
  size INTEGER NOT NULL,
  refcount INTEGER NOT NULL,
  parsed BLOB                           -- structure cached by the ingest path
);
CREATE INDEX blobs_unreferenced ON blobs(hash) WHERE refcount = 0;

-- messages.blob has no FOREIGN KEY on purpose: SQLite would then scan
-- messages on every blob delete (no index on messages.blob); refcount keeps
-- the link, and `cairn check` verifies it.
CREATE TABLE messages(
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  modseq INTEGER NOT NULL,              -- of the last change (the expunge, if expunged)
  flags INTEGER NOT NULL,               -- flag_bit values
  keywords TEXT,                        -- keyword nums in name order, or NULL
  internal_date INTEGER NOT NULL,       -- unix seconds
  date_offset INTEGER NOT NULL,         -- minutes east of UTC
  size INTEGER NOT NULL,
  blob BLOB NOT NULL,                   -- blobs.hash
  saved_date INTEGER NOT NULL,          -- unix seconds
  expunged INTEGER NOT NULL DEFAULT 0,  -- 1: expunged, readable until purged
  PRIMARY KEY(mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX messages_modseq ON messages(mailbox_id, modseq);

CREATE TABLE expunged_ranges(
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  modseq INTEGER NOT NULL,
  first_uid INTEGER NOT NULL,
  last_uid INTEGER NOT NULL,
  PRIMARY KEY(mailbox_id, modseq, first_uid)
) WITHOUT ROWID;
)sql";

// 2: expunged-but-not-purged rows, found without scanning the mailbox
// (purge() checks for them before it takes the write lock).
const migration mail_v2 = R"sql(
CREATE INDEX messages_expunged ON messages(mailbox_id, modseq) WHERE expunged != 0;
)sql";

// Quota (RFC 9208), migration 3 of mail.db (user_version 2 -> 3).
// Usage is kept by triggers on `messages`, so that every path that adds or
// removes messages (append, copy, move, expunge, purge, delete, rename of
// INBOX) keeps it right without knowing about quotas, inside the same
// transaction. Live (not expunged) messages count; an expunge frees its
// share at once, before the purge. quota_limits holds the account's own
// settings: no row follows the configured default, a NULL value is "no
// limit".
const migration mail_v3_quota = R"sql(
CREATE TABLE quota_usage(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  bytes INTEGER NOT NULL,
  messages INTEGER NOT NULL
);
INSERT INTO quota_usage(id, bytes, messages)
  SELECT 1, coalesce(sum(size), 0), count(*) FROM messages WHERE expunged = 0;

CREATE TABLE quota_limits(
  resource TEXT PRIMARY KEY,            -- 'storage' (bytes) or 'messages'
  value INTEGER                         -- NULL: no limit
) WITHOUT ROWID;

CREATE TRIGGER quota_on_insert AFTER INSERT ON messages WHEN NEW.expunged = 0
BEGIN
  UPDATE quota_usage SET bytes = bytes + NEW.size, messages = messages + 1 WHERE id = 1;
END;
CREATE TRIGGER quota_on_expunge AFTER UPDATE OF expunged ON messages
  WHEN OLD.expunged = 0 AND NEW.expunged != 0
BEGIN
  UPDATE quota_usage SET bytes = bytes - OLD.size, messages = messages - 1 WHERE id = 1;
END;
CREATE TRIGGER quota_on_delete AFTER DELETE ON messages WHEN OLD.expunged = 0
BEGIN
  UPDATE quota_usage SET bytes = bytes - OLD.size, messages = messages - 1 WHERE id = 1;
END;
)sql";

const migration users_all[] = {users_v1};
const migration mail_all[] = {mail_v1, mail_v2, mail_v3_quota};

}  // namespace

std::span<const migration> users_schema() { return users_all; }
std::span<const migration> mail_schema() { return mail_all; }

}  // namespace cairn::store::sqlite
