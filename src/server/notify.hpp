#pragma once
// Change notifications between processes (DESIGN.md "Other processes"):
// `cairn deliver`, `cairn import` and the other subcommands write through
// the same store as `cairn serve`; after each commit they send one datagram
// to the data folder's socket (notify.sock), and the running server passes
// it to its notification hub, so IDLE sessions hear of the change at once.
//
// Datagram: "cairn-change 1 <account-id> <mailbox-id> <highestmodseq>".
// Best effort by design: no server listening is not an error, and a lost
// datagram only delays the news until the session's next command (NOOP and
// IDLE always ask the store).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace cairn::server {

std::filesystem::path notify_socket_path(const std::filesystem::path& data_dir);

// The wire form, and back (nullopt for anything else).
std::string encode_change(const store::change_event& ev);
std::optional<store::change_event> decode_change(std::string_view datagram);

// A change listener for processes other than the server: sends each event
// to the server's socket, if one listens. Never blocks, never throws.
std::function<void(const store::change_event&)> change_forwarder(const std::filesystem::path& data_dir);

}  // namespace cairn::server
