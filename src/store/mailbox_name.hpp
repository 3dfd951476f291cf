#pragma once
// Mailbox names as the store keeps them (DESIGN.md "Mailbox names"): UTF-8 in
// NFC, '/' as the hierarchy delimiter, "INBOX" spelled so. A session decodes
// what the client sent (modified UTF-7, or UTF-8 under IMAP4rev2 /
// UTF8=ACCEPT), then passes it through canonical_mailbox_name() before any
// store call; the store trusts names it is given.
//
// Refused, with errc::bad_mailbox_name and a short reason fit for a BAD/NO:
//  - invalid UTF-8 (overlong forms, surrogates, past U+10FFFF, truncated);
//  - NUL and other control characters: C0, DEL, C1 (U+0080..U+009F);
//  - an empty name, or an empty level: leading, trailing or doubled '/'
//    (CREATE's one trailing '/' must be stripped by the caller first, RFC
//    9051 section 6.3.4);
//  - "." or ".." as a level;
//  - more than lim.mailbox_name bytes (after NFC) or more than
//    lim.mailbox_depth levels.
// Work is linear in the input; inputs far above the byte limit are refused
// before normalization, so memory stays within a few times the limit.
#include <string>
#include <string_view>

#include "base/limits.hpp"
#include "base/result.hpp"

namespace cairn::store {

inline constexpr char mailbox_delimiter = '/';

// The canonical form of `name`: NFC, and a first level equal to "INBOX" in
// any ASCII case spelled "INBOX" (RFC 9051 section 5.1: INBOX is
// case-insensitive; every other name is case-sensitive). On error, *why
// (when given) points to a static reason.
result<std::string> canonical_mailbox_name(std::string_view name, std::string_view* why = nullptr,
                                           const limits& lim = limits{});

// For canonical names.
inline bool is_inbox(std::string_view name) noexcept { return name == "INBOX"; }
// "a/b/c" -> "a/b"; "" for a top-level name.
std::string_view parent_mailbox(std::string_view name) noexcept;

}  // namespace cairn::store
