#pragma once
// RFC 5322 section 3.4 address lists (with the obsolete forms of section 4.4:
// routes, comments as names, missing commas, empty list elements), parsed
// into ENVELOPE addresses the way Dovecot's message-address.c does, broken
// input included:
//  - "Name <user@host>", "user@host (Name)" (the last comment is the name),
//    "<@route1,@route2:user@host>", groups "team: a@b, c@d;" (a start and an
//    end marker around the members);
//  - a missing local part becomes MISSING_MAILBOX, a missing or empty domain
//    MISSING_DOMAIN, a broken angle address gets domain SYNTAX_ERROR, a
//    broken route INVALID_ROUTE; a lone word "undisclosed" is a name with a
//    MISSING_MAILBOX@MISSING_DOMAIN address; each such address has `invalid`.
// Pure; never fails; at most `max` addresses (group markers count).
#include <string_view>
#include <vector>

#include "mime/message.hpp"

namespace cairn::mime {

std::vector<address> parse_address_list(std::string_view value, unsigned max = 0xffffffffu);

}  // namespace cairn::mime
