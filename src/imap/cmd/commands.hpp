#pragma once
// Command handlers, one file per command or family (imap/cmd/*.cpp).
// Each parses its arguments with protocol/command.hpp, does the work and
// sets ctx's reply; the session writes the checkpoint's updates and then the
// tagged reply (imap/session.cpp).
#include "imap/session.hpp"

namespace cairn::imap {

net::awaitable<void> cmd_capability(session&, command_context&);
net::awaitable<void> cmd_noop(session&, command_context&);
net::awaitable<void> cmd_check(session&, command_context&);
net::awaitable<void> cmd_logout(session&, command_context&);
net::awaitable<void> cmd_id(session&, command_context&);
net::awaitable<void> cmd_enable(session&, command_context&);
net::awaitable<void> cmd_namespace(session&, command_context&);
net::awaitable<void> cmd_starttls(session&, command_context&);
net::awaitable<void> cmd_login(session&, command_context&);
net::awaitable<void> cmd_authenticate(session&, command_context&);
net::awaitable<void> cmd_select(session&, command_context&);
net::awaitable<void> cmd_close(session&, command_context&);
net::awaitable<void> cmd_unselect(session&, command_context&);
net::awaitable<void> cmd_create(session&, command_context&);
net::awaitable<void> cmd_delete(session&, command_context&);
net::awaitable<void> cmd_rename(session&, command_context&);
net::awaitable<void> cmd_subscribe(session&, command_context&);
net::awaitable<void> cmd_unsubscribe(session&, command_context&);
net::awaitable<void> cmd_list(session&, command_context&);
net::awaitable<void> cmd_lsub(session&, command_context&);
net::awaitable<void> cmd_status(session&, command_context&);
net::awaitable<void> cmd_append(session&, command_context&);
net::awaitable<void> cmd_fetch(session&, command_context&);
net::awaitable<void> cmd_search(session&, command_context&);
// RFC 5256, RFC 5267 (cmd/sort.cpp)
net::awaitable<void> cmd_sort(session&, command_context&);
net::awaitable<void> cmd_thread(session&, command_context&);
net::awaitable<void> cmd_cancelupdate(session&, command_context&);
net::awaitable<void> cmd_idle(session&, command_context&);
net::awaitable<void> cmd_store(session&, command_context&);
net::awaitable<void> cmd_copy(session&, command_context&);
net::awaitable<void> cmd_expunge(session&, command_context&);
// RFC 9208 (cmd/quota.cpp)
net::awaitable<void> cmd_getquota(session&, command_context&);
net::awaitable<void> cmd_getquotaroot(session&, command_context&);
net::awaitable<void> cmd_setquota(session&, command_context&);

}  // namespace cairn::imap
