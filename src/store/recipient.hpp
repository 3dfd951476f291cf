#pragma once
// Which account a delivery address names (LMTP RCPT TO, `cairn deliver`).
//
// For "local@domain", in this order (the first account that exists wins):
//  1. the account "local@domain";
//  2. with a detail ("user+detail@domain", any of `delimiters` separating
//     it): the account "user@domain";
//  3. when the domain is local (one of `local_domains`; with none
//     configured, every domain is): the account "local", then "user".
// An address without a domain (RFC 5321 allows <postmaster>; `cairn
// deliver alice`) tries "local", then "user". Names are looked up as the
// directory folds them (ASCII lower case).
//
// Blocking (directory lookups): call from a worker thread.
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "store/store.hpp"

namespace cairn::store {

struct recipient_options {
  // delivery.local_domains, lower-case. Empty: every domain is local.
  std::vector<std::string> local_domains;
  // delivery.recipient_delimiter: each character separates a detail
  // ("+" by default, as Postfix's recipient_delimiter). Empty: no details.
  std::string delimiters = "+";
};

struct recipient {
  user_record user;
  std::string detail;  // after the delimiter, as given; empty when none
};

// errc::not_found when no account matches; parse_error for an address
// that is empty, longer than 320 bytes, or holds control characters.
// Other errors come from the directory (io_error, busy, ...).
result<recipient> resolve_recipient(directory& users, std::string_view address, const recipient_options& opt);

// The address split where resolve_recipient splits it (pure; for tests).
struct address_parts {
  std::string local;   // before the last '@' (all of it when there is none)
  std::string domain;  // after it, lower-cased; empty when there is none
};
address_parts split_address(std::string_view address);

}  // namespace cairn::store
