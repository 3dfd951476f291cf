#pragma once
// The one path by which messages enter the store: IMAP APPEND today, LMTP
// delivery, `cairn deliver` and `cairn import` later (Stalwart's
// email/src/message/ingest.rs plays the same part). Whatever the source,
// a message is stored the same way:
//  1. bare LF made CRLF (mime::normalize_crlf), so the stored blob is
//     exactly what FETCH serves (DESIGN.md). A bare CR is not a line end
//     for MIME and stays, as in Dovecot: sizes and line counts then agree;
//  2. its structure parsed once (parse_structure, the MIME hook);
//  3. the blob stored durably (account::put_blob);
//  4. every message of the batch appended in one call (account::append):
//     all or none.
// Blocking (fsync): call from a worker thread, never an I/O thread.
#include <span>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/limits.hpp"
#include "store/store.hpp"

namespace cairn::store {

struct incoming_message {
  std::string_view raw;        // as received, any line endings; the caller keeps it alive
  flags fl;                    // initial flags and keywords (no \Recent)
  zoned_time internal_date;    // APPEND's date-time, or the time of arrival
  // Header fields stored in front of `raw` (delivery's Return-Path and
  // Delivered-To, store/deliver.hpp), whole lines; empty for none.
  std::string_view prefix = {};
};

// The structure FETCH (and later SEARCH and SORT) need, parsed once here:
// mime::encode_structure of the message, kept beside the blob.
std::string parse_structure(std::string_view crlf_message, const limits& lim = {});

// Stores `msgs` in `box`, in order; one UID each (append_result::uids).
// Errors as account::append (try_create, limit, disk_full, io_error, ...).
// A blob collected between put_blob and append (account::append's busy) is
// put again, a bounded number of times.
result<append_result> ingest(account& acct, mailbox_id box, std::span<const incoming_message> msgs,
                             const limits& lim = {});

}  // namespace cairn::store
