#pragma once
// Typed arguments of IMAP commands, and the pure functions that read them
// from a received command (RFC 9051 section 9 grammar, with the extensions
// named at each struct). Each read_* takes a parser positioned just after
// the command name (and its SP, where the grammar has arguments) and
// returns the arguments, or nullopt with the parser's error() set; it
// requires the command's end. Mailbox names are returned as sent (modified
// UTF-7 or UTF-8): the session decodes them, since that depends on what
// the client enabled.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/datetime.hpp"
#include "protocol/parser.hpp"
#include "protocol/sequence_set.hpp"

namespace cairn::proto {

struct login_args {
  std::string user;
  std::string password;
};

// AUTHENTICATE mechanism [SP initial-response] (SASL-IR, RFC 4959: "=" is
// an empty response).
struct authenticate_args {
  std::string mechanism;  // upper-case
  std::optional<std::string> initial;  // base64 as sent; "" for "="
};

// ID (RFC 2971): NIL or a list of field/value pairs.
struct id_args {
  std::vector<std::pair<std::string, std::optional<std::string>>> fields;
};

struct enable_args {
  std::vector<std::string> capabilities;  // upper-case
};

struct mailbox_args {
  std::string mailbox;
};

// SELECT / EXAMINE [(CONDSTORE) / (QRESYNC (...))] (RFC 7162).
struct qresync_params {
  std::uint32_t uidvalidity = 0;
  std::uint64_t modseq = 0;
  std::optional<sequence_set> known_uids;
  std::optional<std::pair<sequence_set, sequence_set>> seq_match;  // (seqs uids)
};
struct select_args {
  std::string mailbox;
  bool condstore = false;
  std::optional<qresync_params> qresync;
};

// CREATE mailbox [(USE (\Special ...))] (RFC 6154 CREATE-SPECIAL-USE).
struct create_args {
  std::string mailbox;
  std::vector<std::string> special_use;
};

struct rename_args {
  std::string from;
  std::string to;
};

// LIST [(selection-options)] reference (pattern / (patterns)) [RETURN (...)]
// (RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE).
struct list_args {
  bool extended = false;             // any of the RFC 5258 syntax was used
  std::vector<std::string> selection;  // upper-case: SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE
  std::string reference;
  std::vector<std::string> patterns;
  std::vector<std::string> returns;    // upper-case: SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS
  std::vector<std::string> status_items;  // for RETURN (STATUS (...))
};

struct lsub_args {
  std::string reference;
  std::string pattern;
};

struct status_args {
  std::string mailbox;
  std::vector<std::string> items;  // upper-case
};

// APPEND mailbox 1*( [SP flag-list] [SP date-time] SP literal ) (MULTIAPPEND,
// RFC 3502, allows several messages). Message data is a view into the command.
struct append_message {
  std::vector<std::string> flags;
  std::optional<date_time> date;
  std::string_view data;
  bool binary = false;  // literal8 (RFC 3516)
  bool utf8 = false;    // "UTF8 (" literal8 ")" (RFC 6855 section 4)
};
struct append_args {
  std::string mailbox;
  std::vector<append_message> messages;
};

// FETCH / UID FETCH sequence-set (att / macro / (atts)) [(modifiers)].
enum class fetch_item {
  envelope, flags, internaldate, rfc822, rfc822_header, rfc822_size, rfc822_text, body,
  bodystructure, uid, body_section, binary, binary_size, modseq, savedate, emailid, threadid,
  preview,
};
struct section_spec {
  enum class kind { all, header, header_fields, header_fields_not, text, mime };
  std::vector<std::uint32_t> part;   // empty: the whole message
  kind what = kind::all;
  std::vector<std::string> fields;   // upper-case field names
};
struct fetch_att {
  fetch_item item = fetch_item::uid;
  bool peek = false;                 // BODY.PEEK / BINARY.PEEK
  section_spec section;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> partial;  // <origin.length>, number64
  // The name to use in the response, e.g. "BODY[HEADER.FIELDS (FROM)]<0>".
  std::string response_name() const;
};
struct fetch_args {
  sequence_set set;
  std::vector<fetch_att> atts;
  std::optional<std::uint64_t> changed_since;  // CHANGEDSINCE (RFC 7162)
  bool vanished = false;                       // VANISHED (RFC 7162, UID FETCH only)
};

// STORE / UID STORE sequence-set [(UNCHANGEDSINCE n)] (+|-)FLAGS[.SILENT] flags
enum class store_mode { set, add, remove };
struct store_args {
  sequence_set set;
  std::optional<std::uint64_t> unchanged_since;
  store_mode mode = store_mode::set;
  bool silent = false;
  std::vector<std::string> flags;
};

// COPY / MOVE / UID COPY / UID MOVE sequence-set mailbox
struct copy_args {
  sequence_set set;
  std::string mailbox;
};

// UID EXPUNGE sequence-set (UIDPLUS)
struct uid_expunge_args {
  sequence_set set;
};

std::optional<login_args> read_login(parser& p);
std::optional<authenticate_args> read_authenticate(parser& p);
std::optional<id_args> read_id(parser& p);
std::optional<enable_args> read_enable(parser& p);
std::optional<mailbox_args> read_mailbox_only(parser& p);
std::optional<select_args> read_select(parser& p);
std::optional<create_args> read_create(parser& p);
std::optional<rename_args> read_rename(parser& p);
std::optional<list_args> read_list(parser& p);
std::optional<lsub_args> read_lsub(parser& p);
std::optional<status_args> read_status(parser& p);
std::optional<append_args> read_append(parser& p);
std::optional<fetch_args> read_fetch(parser& p);
std::optional<store_args> read_store(parser& p);
std::optional<copy_args> read_copy(parser& p);
std::optional<uid_expunge_args> read_uid_expunge(parser& p);

// Pieces shared with other commands.
// mailbox = "INBOX" / astring
std::optional<std::string> read_mailbox(parser& p);
// list-mailbox = 1*list-char / string
std::optional<std::string> read_list_mailbox(parser& p);
// flag-list = "(" [flag *(SP flag)] ")"; flags are returned as sent, except
// system flags, which are returned in their canonical case ("\Seen").
std::optional<std::vector<std::string>> read_flag_list(parser& p);
// One flag: "\" atom or atom; store-att-flags also allow a bare list of
// flags without parentheses.
std::optional<std::string> read_flag(parser& p);

}  // namespace cairn::proto
