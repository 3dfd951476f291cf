// FETCH and UID FETCH (RFC 9051 section 6.4.5). Message bodies stream
// from the store in chunks, each written before the next is read, so a
// large message never sits whole in memory (STYLE.md example 6).
#include <algorithm>
#include <map>

#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "imap/flags.hpp"
#include "protocol/command.hpp"
#include "protocol/datetime.hpp"

namespace cairn::imap {
namespace {

constexpr std::size_t chunk_size = 256 * 1024;
constexpr std::size_t flush_at = 64 * 1024;

bool supported(const proto::fetch_att& a) {
  using fi = proto::fetch_item;
  switch (a.item) {
    case fi::uid: case fi::flags: case fi::internaldate: case fi::rfc822_size: case fi::rfc822:
      return true;
    case fi::body_section:
      return a.section.part.empty() && a.section.what == proto::section_spec::kind::all;
    default:
      return false;
  }
}

bool sets_seen(const proto::fetch_att& a) {
  using fi = proto::fetch_item;
  return (a.item == fi::body_section && !a.peek) || a.item == fi::rfc822 || a.item == fi::rfc822_text ||
         (a.item == fi::binary && !a.peek);
}

// Streams bytes [offset, offset+length) of a blob as a literal.
net::awaitable<bool> stream_literal(session& s, std::shared_ptr<store::account> acct, const store::blob_ref& blob,
                                    std::uint64_t offset, std::uint64_t length) {
  s.out() += '{';
  proto::append_number(s.out(), length);
  s.out() += "}\r\n";
  while (length > 0) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, chunk_size));
    auto r = co_await s.blocking([&]() { return acct->read_blob(blob, offset, want); });
    if (!r || !*r || r->value().empty()) {
      // The literal is announced: the connection cannot be kept in step.
      log::error("blob read failed", {{"session", s.id()}, {"blob", blob.hash}});
      co_return false;
    }
    const std::string& data = r->value();
    std::size_t n = std::min<std::size_t>(data.size(), want);
    s.out().append(data.data(), n);
    offset += n;
    length -= n;
    if (s.out().size() >= flush_at && !co_await s.flush()) co_return false;
  }
  co_return true;
}

}  // namespace

net::awaitable<void> cmd_fetch(session& s, command_context& ctx) {
  auto a = proto::read_fetch(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  for (const auto& att : a->atts)
    if (!supported(att)) co_return ctx.bad("FETCH " + att.response_name() + " is not supported yet");
  if (a->changed_since || a->vanished) co_return ctx.bad("CONDSTORE is not enabled");

  auto* sel = s.selected_state();
  mailbox_view& v = *sel->view;
  std::string why;
  auto uids = v.select(a->set, ctx.uid, why);
  if (!uids) co_return ctx.bad(why);
  if (uids->empty()) co_return ctx.ok("FETCH completed");

  auto acct = sel->auth.account;
  const store::mailbox_id box = v.box.id;
  const bool want_seen = !v.read_only && std::any_of(a->atts.begin(), a->atts.end(), sets_seen);
  store::uid_ranges ranges;
  for (const auto& r : proto::from_sorted(*uids)) ranges.push_back({r.first, r.last});

  // A body fetch without PEEK sets \Seen first, so the FLAGS sent reflect
  // it (RFC 9051 section 6.4.5).
  std::map<store::uid_t, store::modseq_t> seen_set;
  if (want_seen) {
    std::vector<store::uid_t> targets = *uids;
    auto r = co_await s.blocking([&]() {
      return acct->store_flags(box, targets, store::flag_op::add, store::flags{store::flag_seen, {}});
    });
    if (r && *r)
      for (const auto& m : r->value().updated) {
        seen_set[m.uid] = m.modseq;
        v.own_updates[m.uid] = m.modseq;
      }
  }
  auto metas = co_await s.blocking([&]() { return acct->messages_any(box, ranges); });
  if (!metas) co_return answer_busy(ctx);
  if (!*metas) co_return answer_error(s, ctx, metas->error());

  bool missing = false;
  std::size_t i = 0;
  const auto& list = metas->value();
  for (store::uid_t uid : *uids) {
    while (i < list.size() && list[i].uid < uid) ++i;
    if (i == list.size() || list[i].uid != uid) {
      missing = true;  // purged under us: cannot be fetched any more
      continue;
    }
    const store::message_meta& m = list[i];
    auto seq = v.seq_of(uid);
    if (!seq) continue;
    std::string& out = s.out();
    out += "* ";
    proto::append_number(out, *seq);
    out += " FETCH (";
    bool first = true;
    auto sep = [&]() {
      if (!first) out += ' ';
      first = false;
    };
    bool uid_sent = false, flags_sent = false;
    for (const auto& att : a->atts) {
      using fi = proto::fetch_item;
      switch (att.item) {
        case fi::uid:
          if (uid_sent) break;
          sep();
          out += "UID ";
          proto::append_number(out, m.uid);
          uid_sent = true;
          break;
        case fi::flags:
          if (flags_sent) break;
          sep();
          out += "FLAGS ";
          append_flags(out, m.fl, v.is_recent(m.uid));
          flags_sent = true;
          break;
        case fi::internaldate:
          sep();
          out += "INTERNALDATE \"";
          out += proto::format_date_time({m.internal_date.unix_seconds, m.internal_date.offset_minutes});
          out += '"';
          break;
        case fi::rfc822_size:
          sep();
          out += "RFC822.SIZE ";
          proto::append_number(out, m.size);
          break;
        case fi::rfc822:
        case fi::body_section: {
          sep();
          std::uint64_t offset = 0, length = m.blob.size;
          if (att.partial) {
            offset = std::min<std::uint64_t>(att.partial->first, m.blob.size);
            length = std::min<std::uint64_t>(att.partial->second, m.blob.size - offset);
          }
          out += att.item == fi::rfc822 ? std::string("RFC822") : att.response_name();
          out += ' ';
          if (!co_await stream_literal(s, acct, m.blob, offset, length)) {
            s.state() = logged_out{};
            ctx.replied = true;
            co_return;
          }
          break;
        }
        default:
          break;
      }
    }
    // UID FETCH always carries UID (RFC 9051 section 6.4.9); a \Seen set
    // by this FETCH is reported with FLAGS.
    if (ctx.uid && !uid_sent) {
      sep();
      out += "UID ";
      proto::append_number(out, m.uid);
    }
    if (!flags_sent && seen_set.count(m.uid)) {
      sep();
      out += "FLAGS ";
      append_flags(out, m.fl, v.is_recent(m.uid));
    }
    out += ")\r\n";
    if (out.size() >= flush_at && !co_await s.flush()) {
      ctx.replied = true;
      co_return;
    }
  }
  if (missing) co_return ctx.no("Some messages were expunged and can no longer be fetched", "EXPUNGEISSUED");
  ctx.ok("FETCH completed");
}

}  // namespace cairn::imap
