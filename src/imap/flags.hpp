#pragma once
// Flags between the wire and the store: "\Seen" <-> store::flag_seen,
// keywords as atoms.
#include <string>
#include <vector>

#include "store/types.hpp"

namespace cairn::imap {

// From read_flag_list()'s output (system flags already canonical).
store::flags to_store_flags(const std::vector<std::string>& wire);
// "(\Seen \Flagged $Label1)" with \Recent first when `recent`.
void append_flags(std::string& out, const store::flags& f, bool recent = false);
// FLAGS / PERMANENTFLAGS lists for SELECT and keyword changes.
std::string flags_response(const std::vector<std::string>& keywords);
std::string permanent_flags(const std::vector<std::string>& keywords, bool read_only, bool may_create);

}  // namespace cairn::imap
