// COPY, MOVE and their UID forms (RFC 9051 sections 6.4.7 and 6.4.8,
// RFC 6851 MOVE, RFC 4315 COPYUID).
#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "protocol/command.hpp"

namespace cairn::imap {

net::awaitable<void> cmd_copy(session& s, command_context& ctx) {
  const bool move = ctx.name == "MOVE";
  auto a = proto::read_copy(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  auto* sel = s.selected_state();
  mailbox_view& v = *sel->view;
  if (move && v.read_only) co_return ctx.no("Mailbox is read-only", "CANNOT");
  std::string why;
  auto uids = v.select(a->set, ctx.uid, why);
  if (!uids) co_return ctx.bad(why);
  auto target = s.decode_mailbox(a->mailbox, why);
  if (!target) co_return ctx.no(why, "CANNOT");
  if (uids->empty()) co_return ctx.ok(move ? "MOVE completed" : "COPY completed");
  // A COPY either happens entirely or not at all (RFC 9051 section 6.4.7):
  // refuse when the set holds a message known to be expunged by another
  // session (RFC 2180 section 4.4.1).
  for (auto u : *uids)
    if (v.is_pending_expunge(u)) co_return ctx.no("Some of the requested messages no longer exist", "EXPUNGEISSUED");

  auto acct = sel->auth.account;
  const store::mailbox_id box = v.box.id;
  auto r = co_await s.blocking([&]() -> result<store::copy_result> {
    auto dst = acct->mailbox(*target);
    if (!dst) return dst.error() == errc::not_found ? result<store::copy_result>(errc::try_create) : dst.error();
    return acct->copy(box, *uids, dst->id, move);
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) {
    if (r->error() == errc::not_found || r->error() == errc::try_create)
      co_return ctx.no("Mailbox doesn't exist", "TRYCREATE");
    if (r->error() == errc::limit) co_return ctx.no("Too many keywords in the target mailbox", "LIMIT");
    co_return answer_error(s, ctx, r->error());
  }
  const store::copy_result& c = r->value();
  std::string copyuid;
  if (!c.source_uids.empty())
    copyuid = "COPYUID " + std::to_string(c.uidvalidity) + " " + proto::to_string(proto::from_sorted(c.source_uids)) +
              " " + proto::to_string(proto::from_sorted(c.dest_uids));
  if (!move) co_return ctx.ok("COPY completed", copyuid);
  // MOVE: COPYUID in an untagged OK before the EXPUNGEs (RFC 6851 section
  // 4.3), then the moved messages' EXPUNGE responses.
  if (!copyuid.empty()) s.untagged("OK [" + copyuid + "] Moved UIDs.");
  s.report_own_expunges(c.source_uids, c.source_modseq);
  s.request_purge();
  ctx.highestmodseq_code = s.condstore() && !c.source_uids.empty();  // RFC 6851 section 4.4
  ctx.ok("MOVE completed");
}

}  // namespace cairn::imap
