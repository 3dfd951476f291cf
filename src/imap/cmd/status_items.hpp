#pragma once
// STATUS items (RFC 9051 section 6.3.11, RFC 3501's RECENT, RFC 7889's
// APPENDLIMIT), shared by STATUS and LIST's RETURN (STATUS ...) (RFC 5819).
#include <optional>
#include <string>
#include <vector>

#include "store/types.hpp"

namespace cairn::imap {

// True when every item is known; otherwise `bad` names the first unknown.
bool valid_status_items(const std::vector<std::string>& items, std::string& bad);
// "(MESSAGES 3 UIDNEXT 4)" in the order asked.
std::string status_items_text(const std::vector<std::string>& items, const store::mailbox_info& box,
                              const store::mailbox_counts& counts, std::size_t appendlimit);

}  // namespace cairn::imap
