// APPEND (RFC 9051 section 6.3.12), with MULTIAPPEND (RFC 3502) and
// APPENDUID (RFC 4315). The message goes through the one ingest path.
#include <ctime>

#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "imap/flags.hpp"
#include "protocol/command.hpp"
#include "store/ingest.hpp"

namespace cairn::imap {
namespace {

// Whether the message's own header (up to its blank line) has an 8-bit byte.
bool eight_bit_header(std::string_view msg) {
  if (msg.starts_with("\n") || msg.starts_with("\r\n")) return false;  // no header at all
  for (std::size_t i = 0; i < msg.size(); ++i) {
    auto c = static_cast<unsigned char>(msg[i]);
    if (c >= 0x80) return true;
    if (c == '\n' && (i + 1 == msg.size() || msg[i + 1] == '\n' ||
                      (msg[i + 1] == '\r' && i + 2 < msg.size() && msg[i + 2] == '\n')))
      return false;
  }
  return false;
}

store::zoned_time now_local() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return {static_cast<std::int64_t>(t), static_cast<std::int32_t>(tm.tm_gmtoff / 60)};
}

}  // namespace

net::awaitable<void> cmd_append(session& s, command_context& ctx) {
  auto a = proto::read_append(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  std::string why;
  auto name = s.decode_mailbox(a->mailbox, why);
  if (!name) co_return ctx.no(why, "CANNOT");

  std::vector<store::incoming_message> msgs;
  msgs.reserve(a->messages.size());
  const auto now = now_local();
  for (const auto& m : a->messages) {
    // literal8 (RFC 3516 section 4.4): the data may hold NUL; it is stored
    // as sent (the RFC lets a server re-encode; changing a message would
    // break its signatures). BINARY fetches give it back exactly.
    if (m.data.empty()) co_return ctx.no("Can't save a zero byte message", "CANNOT");
    if (m.data.size() > s.config().lim.message_size) co_return ctx.no("Message too large", "TOOBIG");
    // RFC 6855 section 4: with UTF8=ACCEPT advertised, 8-bit header fields
    // need the client to have enabled it. IMAP4rev2 (RFC 9051 section
    // 4.3.1: compatible with RFC 6532 headers) counts as enabling it.
    if (!s.utf8() && eight_bit_header(m.data))
      co_return ctx.no("8-bit header fields need ENABLE UTF8=ACCEPT");
    store::incoming_message in;
    in.raw = m.data;
    in.fl = to_store_flags(m.flags);
    in.internal_date = m.date ? store::zoned_time{m.date->unix_seconds, m.date->offset_minutes} : now;
    msgs.push_back(in);
  }

  auto acct = s.auth_state()->account;
  std::string target = *name;
  const cairn::limits& lim = s.config().lim;
  auto r = co_await s.blocking([&]() -> result<store::append_result> {
    auto box = acct->mailbox(target);
    if (!box) return box.error() == errc::not_found ? result<store::append_result>(errc::try_create) : box.error();
    return store::ingest(*acct, box->id, msgs, lim);
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) {
    if (r->error() == errc::not_found) co_return ctx.no("Mailbox doesn't exist", "TRYCREATE");
    co_return answer_error(s, ctx, r->error());
  }
  const auto& res = r->value();
  // APPENDUID uidvalidity uid-set (RFC 4315 section 3)
  std::string code = "APPENDUID " + std::to_string(res.uidvalidity) + " " +
                     proto::to_string(proto::from_sorted(res.uids));
  ctx.ok("APPEND completed", std::move(code));
}

}  // namespace cairn::imap
