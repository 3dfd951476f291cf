// STATUS (RFC 9051 section 6.3.11).
#include <algorithm>

#include "imap/cmd/commands.hpp"
#include "imap/cmd/status_items.hpp"
#include "imap/command_table.hpp"
#include "protocol/command.hpp"

namespace cairn::imap {

bool valid_status_items(const std::vector<std::string>& items, std::string& bad) {
  for (const auto& i : items) {
    if (i != "MESSAGES" && i != "UIDNEXT" && i != "UIDVALIDITY" && i != "UNSEEN" && i != "DELETED" && i != "SIZE" &&
        i != "RECENT" && i != "APPENDLIMIT" && i != "HIGHESTMODSEQ" && i != "DELETED-STORAGE") {
      bad = i;
      return false;
    }
  }
  return true;
}

std::string status_items_text(const std::vector<std::string>& items, const store::mailbox_info& box,
                              const store::mailbox_counts& counts, std::size_t appendlimit) {
  std::string s = "(";
  for (const auto& i : items) {
    if (s.size() > 1) s += ' ';
    s += i;
    s += ' ';
    if (i == "MESSAGES") proto::append_number(s, counts.messages);
    else if (i == "UIDNEXT") proto::append_number(s, box.uidnext);
    else if (i == "UIDVALIDITY") proto::append_number(s, box.uidvalidity);
    else if (i == "UNSEEN") proto::append_number(s, counts.unseen);
    else if (i == "DELETED") proto::append_number(s, counts.deleted);
    else if (i == "SIZE") proto::append_number(s, counts.size);
    else if (i == "RECENT") proto::append_number(s, counts.recent);
    else if (i == "APPENDLIMIT") proto::append_number(s, appendlimit);
    else if (i == "HIGHESTMODSEQ") proto::append_number(s, box.highestmodseq);
    // RFC 9208 section 4.1.4: what an EXPUNGE would free; the sum of the
    // RFC822.SIZE of \Deleted messages, which is exactly what the STORAGE
    // usage would lose (in octets, as that section's fallback is).
    else if (i == "DELETED-STORAGE") proto::append_number(s, counts.deleted_size);
  }
  s += ')';
  return s;
}

net::awaitable<void> cmd_status(session& s, command_context& ctx) {
  auto a = proto::read_status(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  std::string bad;
  if (!valid_status_items(a->items, bad)) co_return ctx.bad("Unknown STATUS item " + bad);
  if (std::find(a->items.begin(), a->items.end(), "HIGHESTMODSEQ") != a->items.end())
    s.condstore_enabling_command();  // RFC 7162 section 3.1
  std::string why;
  auto name = s.decode_mailbox(a->mailbox, why);
  if (!name) co_return ctx.no(why, "CANNOT");
  auto acct = s.auth_state()->account;
  std::string target = *name;
  auto r = co_await s.blocking([&]() -> result<std::pair<store::mailbox_info, store::mailbox_counts>> {
    auto box = acct->mailbox(target);
    if (!box) return box.error();
    auto c = acct->counts(box->id);
    if (!c) return c.error();
    return std::make_pair(std::move(*box), *c);
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  std::string line = "STATUS ";
  s.append_mailbox(line, target);
  line += ' ';
  line += status_items_text(a->items, r->value().first, r->value().second, s.config().lim.message_size);
  s.untagged(line);
  ctx.ok("STATUS completed");
}

}  // namespace cairn::imap
