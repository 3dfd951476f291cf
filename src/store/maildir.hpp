#pragma once
// Maildir and Maildir++ naming, as Dovecot and Courier lay them out. Pure;
// used by `cairn import` / `cairn export` (store/migrate.hpp).
//
//  - Flags live in the file name after ":2,": D draft, F flagged, P passed
//    (the $Forwarded keyword here; Dovecot keeps the letter without a
//    meaning), R replied (\Answered), S seen, T trashed (\Deleted); a..z
//    are keywords, numbered by the folder's dovecot-keywords file
//    ("0 $Label1" lines). Letters are written in ASCII order.
//  - Maildir++ folders are ".A.B" directories of the root (the root is
//    INBOX; ".INBOX.x" is INBOX's child x): '.' separates levels, each
//    level in modified UTF-7. A '.' inside a level cannot be written that
//    way: export writes it as "%2E" (and '%' as "%25"), import reads both
//    back; names from elsewhere holding "%2E" or "%25" are read the same
//    way.
//  - Subscriptions: Dovecot's "subscriptions" file (version 2: a "V\t2"
//    header, levels separated by tabs; version 1: one name a line, levels
//    by the folder separator), names in modified UTF-7; Courier's
//    "courierimapsubscribed" ("INBOX.A.B").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/types.hpp"

namespace cairn::store {

// Keyword names by number (dovecot-keywords); "" for an unused number.
using maildir_keywords = std::vector<std::string>;

// Lines "N name", N from 0 to 25; other lines are ignored.
maildir_keywords parse_dovecot_keywords(std::string_view text);
std::string format_dovecot_keywords(const maildir_keywords& k);

// Flags from a file name ("...:2,FRSab"). Unknown letters are ignored, as
// are keyword letters the table does not name.
flags maildir_flags(std::string_view file_name, const maildir_keywords& k);

// ":2,<letters>" for `fl`. Keywords missing from `k` are added to it while
// it has fewer than 26; those that do not fit are left out and counted in
// *dropped.
std::string maildir_info(const flags& fl, maildir_keywords& k, unsigned* dropped = nullptr);

// ".Work.Projects" -> "Work/Projects"; ".INBOX.x" -> "INBOX/x". nullopt for
// a name that is not a folder (no leading '.', "." or ".."), or whose
// levels are not valid modified UTF-7 / UTF-8.
std::optional<std::string> maildirpp_folder_to_mailbox(std::string_view dir_name);
// The inverse: "Work/Projects" -> ".Work.Projects". nullopt for INBOX (the
// root itself).
std::optional<std::string> mailbox_to_maildirpp_folder(std::string_view mailbox);

// One mailbox-name level as a file name (modified UTF-7) and back; for mbox
// files in a folder tree.
std::string level_to_file_name(std::string_view level);
std::optional<std::string> file_name_to_level(std::string_view file_name);

// Names in a subscriptions file of either format; the caller canonicalizes
// them. `separator` is what version-1 lines use; `courier` drops Courier's
// "INBOX." namespace prefix (its "INBOX.A" is the top-level folder A).
std::vector<std::string> parse_subscriptions(std::string_view text, char separator = '.', bool courier = false);
// Dovecot's version 2 format.
std::string format_subscriptions(const std::vector<std::string>& mailboxes);

}  // namespace cairn::store
