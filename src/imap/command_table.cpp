#include "imap/command_table.hpp"

#include <algorithm>
#include <array>

#include "imap/cmd/commands.hpp"

namespace cairn::imap {
namespace {

using sm = state_mask;

// Sorted by name for binary search.
constexpr std::array commands = {
    command_entry{"APPEND", sm::after_login, false, sync_mode::full, cmd_append},
    command_entry{"AUTHENTICATE", sm::not_authenticated, false, sync_mode::none, cmd_authenticate},
    command_entry{"CANCELUPDATE", sm::selected, false, sync_mode::full, cmd_cancelupdate},
    command_entry{"CAPABILITY", sm::any, false, sync_mode::full, cmd_capability},
    command_entry{"CHECK", sm::selected, false, sync_mode::full, cmd_check},
    command_entry{"CLOSE", sm::selected, false, sync_mode::none, cmd_close},
    command_entry{"COPY", sm::selected, true, sync_mode::full, cmd_copy},
    command_entry{"CREATE", sm::after_login, false, sync_mode::full, cmd_create},
    command_entry{"DELETE", sm::after_login, false, sync_mode::full, cmd_delete},
    command_entry{"ENABLE", sm::after_login, false, sync_mode::full, cmd_enable},
    command_entry{"EXAMINE", sm::after_login, false, sync_mode::none, cmd_select},
    command_entry{"EXPUNGE", sm::selected, true, sync_mode::full, cmd_expunge},
    command_entry{"FETCH", sm::selected, true, sync_mode::uid_full, cmd_fetch},
    command_entry{"GETQUOTA", sm::after_login, false, sync_mode::full, cmd_getquota},
    command_entry{"GETQUOTAROOT", sm::after_login, false, sync_mode::full, cmd_getquotaroot},
    command_entry{"ID", sm::any, false, sync_mode::full, cmd_id},
    command_entry{"IDLE", sm::after_login, false, sync_mode::full, cmd_idle},
    command_entry{"LIST", sm::after_login, false, sync_mode::full, cmd_list},
    command_entry{"LOGIN", sm::not_authenticated, false, sync_mode::none, cmd_login},
    command_entry{"LOGOUT", sm::any, false, sync_mode::none, cmd_logout},
    command_entry{"LSUB", sm::after_login, false, sync_mode::full, cmd_lsub},
    command_entry{"MOVE", sm::selected, true, sync_mode::full, cmd_copy},
    command_entry{"NAMESPACE", sm::after_login, false, sync_mode::full, cmd_namespace},
    command_entry{"NOOP", sm::any, false, sync_mode::full, cmd_noop},
    command_entry{"RENAME", sm::after_login, false, sync_mode::full, cmd_rename},
    // SEARCH never sends EXPUNGE in its sequence-number form (RFC 9051 7.5.1).
    command_entry{"SEARCH", sm::selected, true, sync_mode::uid_full, cmd_search},
    command_entry{"SELECT", sm::after_login, false, sync_mode::none, cmd_select},
    command_entry{"SETQUOTA", sm::after_login, false, sync_mode::full, cmd_setquota},
    // SORT and THREAD as SEARCH: no EXPUNGE in the sequence-number forms
    // (RFC 5256 section 3).
    command_entry{"SORT", sm::selected, true, sync_mode::uid_full, cmd_sort},
    command_entry{"STARTTLS", sm::not_authenticated, false, sync_mode::none, cmd_starttls},
    command_entry{"STATUS", sm::after_login, false, sync_mode::full, cmd_status},
    command_entry{"STORE", sm::selected, true, sync_mode::uid_full, cmd_store},
    command_entry{"SUBSCRIBE", sm::after_login, false, sync_mode::full, cmd_subscribe},
    command_entry{"THREAD", sm::selected, true, sync_mode::uid_full, cmd_thread},
    command_entry{"UNSELECT", sm::selected, false, sync_mode::none, cmd_unselect},
    command_entry{"UNSUBSCRIBE", sm::after_login, false, sync_mode::full, cmd_unsubscribe},
};

constexpr bool sorted() {
  for (std::size_t i = 1; i < commands.size(); ++i)
    if (!(commands[i - 1].name < commands[i].name)) return false;
  return true;
}
static_assert(sorted(), "keep the command table sorted");

}  // namespace

const command_entry* find_command(std::string_view upper) {
  auto it = std::lower_bound(commands.begin(), commands.end(), upper,
                             [](const command_entry& e, std::string_view n) { return e.name < n; });
  if (it == commands.end() || it->name != upper) return nullptr;
  return &*it;
}

void answer_busy(command_context& ctx) { ctx.no("Server busy, try again later", "UNAVAILABLE"); }

void answer_error(session& s, command_context& ctx, std::error_code ec) {
  switch (static_cast<errc>(ec.value())) {
    case errc::not_found: ctx.no("Mailbox doesn't exist", "NONEXISTENT"); return;
    case errc::try_create: ctx.no("Mailbox doesn't exist", "TRYCREATE"); return;
    case errc::already_exists: ctx.no("Mailbox already exists", "ALREADYEXISTS"); return;
    case errc::has_children: ctx.no("Mailbox has children", "HASCHILDREN"); return;
    case errc::no_perm: ctx.no("Permission denied", "NOPERM"); return;
    case errc::limit: ctx.no("Limit reached", "LIMIT"); return;
    case errc::over_quota: ctx.no("Quota exceeded", "OVERQUOTA"); return;
    case errc::disk_full: ctx.no("Not enough disk space", "OVERQUOTA"); break;
    case errc::expunged: ctx.no("Some of the requested messages no longer exist", "EXPUNGEISSUED"); return;
    case errc::in_use: ctx.no("Mailbox is in use, try again later", "INUSE"); return;
    case errc::cannot: ctx.no("Operation not possible", "CANNOT"); return;
    case errc::bad_mailbox_name: ctx.no("Invalid mailbox name", "CANNOT"); return;
    case errc::too_large: ctx.no("Too large", "TOOBIG"); return;
    case errc::busy: answer_busy(ctx); return;
    default: ctx.no("Internal error occurred, see the server log", "SERVERBUG"); break;
  }
  log::error("store error", {{"session", s.id()}, {"command", ctx.name}, {"error", ec.message()}});
}

}  // namespace cairn::imap
