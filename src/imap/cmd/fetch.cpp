// FETCH and UID FETCH (RFC 9051 section 6.4.5, RFC 3501 section 6.4.5,
// RFC 3516 BINARY). ENVELOPE, BODY and BODYSTRUCTURE come pre-rendered from
// the structure parsed at ingest, and every section is a byte range of the
// stored blob (DESIGN.md: FETCH never parses a message again). Bodies stream
// from the store in chunks, each written before the next is read, so a
// large message never sits whole in memory (STYLE.md example 6).
#include <algorithm>
#include <cstring>
#include <map>
#include <span>

#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "imap/flags.hpp"
#include "mime/decoder.hpp"
#include "mime/header.hpp"
#include "mime/message.hpp"
#include "mime/structure.hpp"
#include "protocol/command.hpp"
#include "protocol/datetime.hpp"

namespace cairn::imap {
namespace {

using fi = proto::fetch_item;
constexpr std::size_t chunk_size = 256 * 1024;
constexpr std::size_t flush_at = 64 * 1024;

bool sets_seen(const proto::fetch_att& a) {
  return (a.item == fi::body_section && !a.peek) || a.item == fi::rfc822 || a.item == fi::rfc822_text ||
         (a.item == fi::binary && !a.peek);
}

bool needs_structure(const proto::fetch_att& a) {
  switch (a.item) {
    case fi::envelope: case fi::body: case fi::bodystructure: case fi::rfc822_header: case fi::rfc822_text:
    case fi::binary: case fi::binary_size:
      return true;
    case fi::body_section:
      return !(a.section.part.empty() && a.section.what == proto::section_spec::kind::all);
    default:
      return false;
  }
}

mime::section_spec to_mime(const proto::section_spec& s) {
  mime::section_spec m;
  m.path = s.part;
  using k = proto::section_spec::kind;
  switch (s.what) {
    case k::all: m.kind = mime::section_kind::whole; break;
    case k::header: m.kind = mime::section_kind::header; break;
    case k::header_fields: m.kind = mime::section_kind::header_fields; break;
    case k::header_fields_not: m.kind = mime::section_kind::header_fields_not; break;
    case k::text: m.kind = mime::section_kind::text; break;
    case k::mime: m.kind = mime::section_kind::mime; break;
  }
  m.fields = s.fields;
  return m;
}

// The part of [0, size) a partial <origin.length> asks for.
std::pair<std::uint64_t, std::uint64_t> window(const proto::fetch_att& a, std::uint64_t size) {
  if (!a.partial) return {0, size};
  std::uint64_t origin = std::min<std::uint64_t>(a.partial->first, size);
  return {origin, std::min<std::uint64_t>(a.partial->second, size - origin)};
}

struct fetch_job {
  std::shared_ptr<store::account> acct;
  session& s;
};

// Streams bytes [offset, offset+length) of a blob as a literal. NUL, which no
// IMAP literal may hold (only BINARY's literal8), is sent as 0x80.
net::awaitable<bool> stream_range(fetch_job& j, const store::blob_ref& blob, std::uint64_t offset,
                                  std::uint64_t length) {
  session& s = j.s;
  s.out() += '{';
  proto::append_number(s.out(), length);
  s.out() += "}\r\n";
  while (length > 0) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, chunk_size));
    auto r = co_await s.blocking([&]() { return j.acct->read_blob(blob, offset, want); });
    if (!r || !*r || r->value().empty()) {
      // The literal is announced: the connection cannot be kept in step.
      log::error("blob read failed", {{"session", s.id()}, {"blob", blob.hash}});
      co_return false;
    }
    std::string& data = r->value();
    std::size_t n = std::min<std::size_t>(data.size(), want);
    // memchr finds the (rare) NULs many times faster than a byte loop
    // (std::replace here took two thirds of a 50 MB BODY[]'s CPU time).
    // UNSAFE: p and end stay within data[0, n).
    for (char *p = data.data(), *end = data.data() + n;
         (p = static_cast<char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)))) != nullptr;)
      *p++ = '\x80';
    if (s.out().empty()) {
      data.resize(n);
      s.out().swap(data);  // the chunk becomes the output buffer: no copy
    } else {
      s.out().append(data.data(), n);
    }
    offset += n;
    length -= n;
    if (s.out().size() >= flush_at && !co_await s.flush()) co_return false;
  }
  co_return true;
}

// Decodes a part's content in chunks. `sink(bytes)` gets decoded bytes;
// returns false if the blob could not be read.
template <class Sink>
net::awaitable<bool> decode_range(fetch_job& j, const store::blob_ref& blob, const mime::binary_location& where,
                                  Sink&& sink) {
  mime::body_decoder dec(where.cte);
  std::uint64_t offset = where.begin;
  std::string decoded;
  while (offset < where.end) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(where.end - offset, chunk_size));
    auto r = co_await j.s.blocking([&]() { return j.acct->read_blob(blob, offset, want); });
    if (!r || !*r || r->value().empty()) co_return false;
    decoded.clear();
    dec.feed(std::string_view(r->value()).substr(0, want), decoded);
    offset += std::min<std::size_t>(r->value().size(), want);
    if (!co_await sink(decoded)) co_return false;
  }
  decoded.clear();
  dec.finish(decoded);
  co_return co_await sink(decoded);
}

// Loads (and if stale, rebuilds) the structure of each message.
result<std::vector<std::optional<mime::structure>>> load_structures(store::account& acct,
                                                                    const std::vector<store::message_meta>& msgs,
                                                                    const cairn::limits& lim) {
  std::vector<std::optional<mime::structure>> out(msgs.size());
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    auto p = acct.parsed(msgs[i].blob);
    if (!p) return p.error();
    auto st = mime::structure::decode(*p);
    if (!st) {
      // Stored before the MIME parser, or by an older format: parse once
      // more and keep the result (bounded by the message size limit).
      auto raw = acct.read_blob(msgs[i].blob, 0, static_cast<std::size_t>(msgs[i].blob.size));
      if (!raw) return raw.error();
      std::string enc = mime::encode_structure(mime::parse(*raw, lim));
      (void)acct.set_parsed(msgs[i].blob, enc);
      st = mime::structure::decode(enc);
      if (!st) return st.error();
    }
    out[i] = std::move(*st);
  }
  return out;
}

// Messages are loaded and answered this many at a time, so that a FETCH
// 1:* of a large mailbox holds one batch of metadata and structures, not
// the whole mailbox's (the answer streams out batch by batch).
constexpr std::size_t fetch_batch = 256;
constexpr std::size_t lean_fetch_batch = 4096;

struct loaded {
  std::vector<store::message_meta> metas;
  std::vector<std::optional<mime::structure>> structures;  // empty unless asked
  // headers[i][k]: the bytes of prefetch section k of message i (a header
  // block to filter), read in the same store call as the metadata, so that
  // FETCH of 50 messages' header fields is one round trip to a worker, not
  // 51. Empty when not read (then the answer reads it itself).
  std::vector<std::vector<std::optional<std::string>>> headers;
};

// Header blocks up to this size are read with the batch (larger ones, rare,
// are read when answered).
constexpr std::uint64_t prefetch_header_max = 64 * 1024;

// `lean`: only UID and FLAGS are asked (what clients send to resync a
// mailbox), so only those columns are read: no blob name, dates or size
// (account::flags_of; the whole meta costs about twice as much per message).
result<loaded> load_batch(store::account& acct, store::mailbox_id box, std::span<const store::uid_t> uids,
                          bool want_structure, bool lean, const cairn::limits& lim,
                          const std::vector<proto::section_spec>& prefetch = {}) {
  store::uid_ranges ranges;
  for (store::uid_t u : uids) {
    if (!ranges.empty() && ranges.back().last + 1 == u) ranges.back().last = u;
    else ranges.push_back({u, u});
  }
  loaded l;
  if (lean) {
    auto f = acct.flags_of(box, ranges, true);
    if (!f) return f.error();
    l.metas.resize(f->size());
    for (std::size_t i = 0; i < f->size(); ++i) {
      l.metas[i].uid = (*f)[i].uid;
      l.metas[i].fl = std::move((*f)[i].fl);
      l.metas[i].expunged = (*f)[i].expunged;
    }
    return l;
  }
  auto m = acct.messages_any(box, ranges);
  if (!m) return m.error();
  l.metas = std::move(*m);
  if (want_structure) {
    auto st = load_structures(acct, l.metas, lim);
    if (!st) return st.error();
    l.structures = std::move(*st);
    if (!prefetch.empty()) {
      l.headers.resize(l.metas.size());
      for (std::size_t i = 0; i < l.metas.size(); ++i) {
        l.headers[i].resize(prefetch.size());
        if (!l.structures[i]) continue;
        for (std::size_t k = 0; k < prefetch.size(); ++k) {
          auto where = mime::locate(*l.structures[i], to_mime(prefetch[k]));
          if (!where.exists || !where.filter || where.end - where.begin > prefetch_header_max) continue;
          auto r = acct.read_blob(l.metas[i].blob, where.begin, static_cast<std::size_t>(where.end - where.begin));
          if (r) l.headers[i][k] = std::move(*r);  // else read again when answered
        }
      }
    }
  }
  return l;
}

}  // namespace

net::awaitable<void> cmd_fetch(session& s, command_context& ctx) {
  auto a = proto::read_fetch(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  for (const auto& att : a->atts)
    if (att.item == fi::savedate || att.item == fi::emailid || att.item == fi::threadid || att.item == fi::preview)
      co_return ctx.bad("Unknown FETCH attribute " + att.response_name());
  // VANISHED (RFC 7162 section 3.2.6): UID FETCH only, with CHANGEDSINCE,
  // after ENABLE QRESYNC; otherwise BAD.
  if (a->vanished && !ctx.uid) co_return ctx.bad("VANISHED is allowed with UID FETCH only");
  if (a->vanished && !a->changed_since) co_return ctx.bad("VANISHED requires CHANGEDSINCE");
  if (a->vanished && !s.qresync()) co_return ctx.bad("QRESYNC is not enabled");
  const bool want_modseq =
      a->changed_since || std::any_of(a->atts.begin(), a->atts.end(), [](const proto::fetch_att& x) {
        return x.item == fi::modseq;
      });
  if (want_modseq) s.condstore_enabling_command();  // RFC 7162 section 3.1

  auto* sel = s.selected_state();
  mailbox_view& v = *sel->view;
  std::string why;
  auto uids = v.select(a->set, ctx.uid, why);
  if (!uids) co_return ctx.bad(why);
  if (uids->empty() && !a->vanished) co_return ctx.ok("FETCH completed");

  fetch_job job{sel->auth.account, s};
  const store::mailbox_id box = v.box.id;
  const bool want_seen = !v.read_only && std::any_of(a->atts.begin(), a->atts.end(), sets_seen);
  const bool want_structure = std::any_of(a->atts.begin(), a->atts.end(), needs_structure);
  const bool want_binary = std::any_of(a->atts.begin(), a->atts.end(), [](const proto::fetch_att& x) {
    return x.item == fi::binary || x.item == fi::binary_size;
  });
  // Only UID and FLAGS (and no CHANGEDSINCE, which needs each MODSEQ): the
  // lean listing, in larger batches (a message's entry is small then).
  const bool lean = !a->changed_since && std::all_of(a->atts.begin(), a->atts.end(), [](const proto::fetch_att& x) {
    return x.item == fi::uid || x.item == fi::flags;
  });
  const std::size_t batch_size = lean ? lean_fetch_batch : fetch_batch;
  const cairn::limits& lim = s.config().lim;
  const std::size_t batches = (uids->size() + batch_size - 1) / batch_size;
  auto batch_of = [&](std::size_t b) {
    std::size_t from = b * batch_size;
    return std::span<const store::uid_t>(uids->data() + from, std::min(batch_size, uids->size() - from));
  };
  // One batch loaded for the check below, kept for the answer when nothing
  // changes in between (no \Seen to set).
  std::optional<loaded> kept;

  // BINARY of a part in an encoding we cannot decode fails the whole command
  // before anything is sent or changed (RFC 3516 section 4.2: NO
  // [UNKNOWN-CTE]), so every message is checked first.
  if (want_binary) {
    for (std::size_t b = 0; b < batches; ++b) {
      auto part = batch_of(b);
      auto got = co_await s.blocking([&]() { return load_batch(*job.acct, box, part, true, false, lim); });
      if (!got) co_return answer_busy(ctx);
      if (!*got) co_return answer_error(s, ctx, got->error());
      for (const auto& att : a->atts) {
        if (att.item != fi::binary && att.item != fi::binary_size) continue;
        for (const auto& st : got->value().structures)
          if (st) {
            auto where = mime::locate_binary(*st, att.section.part);
            if (where.exists && where.cte == mime::transfer_encoding::unknown)
              co_return ctx.no("Unknown Content-Transfer-Encoding", "UNKNOWN-CTE");
          }
      }
      if (batches == 1 && !want_seen) kept = std::move(got->value());
    }
  }

  // A body fetch without PEEK sets \Seen before anything is sent, so that
  // the FLAGS sent reflect it (RFC 9051 section 6.4.5); never in a
  // read-only mailbox. Only once the command can no longer fail with NO:
  // a FETCH refused with NO [UNKNOWN-CTE] above changes nothing (it used to
  // set \Seen without ever telling the client, whose view then stayed stale).
  std::map<store::uid_t, store::modseq_t> seen_set;
  if (want_seen) {
    auto r = co_await s.blocking([&]() {
      return job.acct->store_flags(box, *uids, store::flag_op::add, store::flags{store::flag_seen, {}});
    });
    if (r && *r)
      for (const auto& m : r->value().updated) {
        seen_set[m.uid] = m.modseq;
        v.own_updates[m.uid] = m.modseq;
      }
  }

  // UID FETCH ... (CHANGEDSINCE n VANISHED): the UIDs of the requested set
  // expunged after n, as VANISHED (EARLIER) before any FETCH (RFC 7162
  // section 3.2.6). Messages this session still shows are left to the
  // regular VANISHED of a checkpoint.
  if (a->vanished) {
    auto ch = co_await s.blocking([&]() { return job.acct->changes_since(box, *a->changed_since); });
    if (!ch) co_return answer_busy(ctx);
    if (!*ch) co_return answer_error(s, ctx, ch->error());
    auto asked = proto::resolve(a->set, v.uids.empty() ? v.box.uidnext : v.uids.back());
    std::vector<store::uid_t> vanished;
    for (const auto& r : ch->value().expunged)
      for (std::uint64_t u = r.first; u <= r.last; ++u)
        if (proto::contains(asked, static_cast<std::uint32_t>(u)) && !v.seq_of(static_cast<store::uid_t>(u)))
          vanished.push_back(static_cast<store::uid_t>(u));
    if (!vanished.empty()) s.untagged("VANISHED (EARLIER) " + proto::to_string(proto::from_sorted(vanished)));
  }

  // Header sections to filter (HEADER, HEADER.FIELDS[.NOT], RFC822.HEADER)
  // are read with each batch: prefetch_of[att] is the att's index among
  // them, or -1.
  std::vector<proto::section_spec> prefetch;
  std::vector<int> prefetch_of(a->atts.size(), -1);
  if (want_structure)
    for (std::size_t k = 0; k < a->atts.size(); ++k) {
      const auto& att = a->atts[k];
      proto::section_spec spec = att.section;
      if (att.item == fi::rfc822_header) spec.what = proto::section_spec::kind::header;
      else if (att.item != fi::body_section) continue;
      if (spec.what != proto::section_spec::kind::header && spec.what != proto::section_spec::kind::header_fields &&
          spec.what != proto::section_spec::kind::header_fields_not)
        continue;
      prefetch_of[k] = static_cast<int>(prefetch.size());
      prefetch.push_back(std::move(spec));
    }

  bool missing = false;
  for (std::size_t b = 0; b < batches; ++b) {
    auto part = batch_of(b);
    if (!kept || (!prefetch.empty() && kept->headers.empty())) {
      // Loaded after \Seen was set, so the FLAGS sent include it.
      auto got = co_await s.blocking(
          [&]() { return load_batch(*job.acct, box, part, want_structure, lean, lim, prefetch); });
      if (!got) co_return answer_busy(ctx);
      if (!*got) co_return answer_error(s, ctx, got->error());
      kept = std::move(got->value());
    }
    const loaded batch = std::move(*kept);
    kept.reset();
    const auto& list = batch.metas;
    const auto& structures = batch.structures;
    std::size_t i = 0;
    std::size_t next_pos = 0;
    for (store::uid_t uid : part) {
      while (i < list.size() && list[i].uid < uid) ++i;
      if (i == list.size() || list[i].uid != uid) {
        missing = true;  // purged under us: cannot be fetched any more
        continue;
      }
      const store::message_meta& m = list[i];
      // CHANGEDSINCE (RFC 7162 section 3.1.4.1): only messages changed since.
      if (a->changed_since && m.modseq <= *a->changed_since) continue;
      const mime::structure* st = want_structure && structures[i] ? &*structures[i] : nullptr;
      // The UIDs ascend, so the next message is usually the view's next
      // (checked, so a view changed meanwhile is still answered right).
      std::optional<std::uint32_t> seq;
      if (next_pos < v.uids.size() && v.uids[next_pos] == uid) seq = static_cast<std::uint32_t>(next_pos + 1);
      else seq = v.seq_of(uid);
      if (!seq) continue;
      next_pos = *seq;
      std::string& out = s.out();
      out += "* ";
      proto::append_number(out, *seq);
      out += " FETCH (";
      bool first = true;
      auto sep = [&]() {
        if (!first) out += ' ';
        first = false;
      };
      bool uid_sent = false, flags_sent = false, modseq_sent = false;
      auto fail = [&]() -> void {
        s.state() = logged_out{};
        ctx.replied = true;
      };
      for (const auto& att : a->atts) {
        const int pre = prefetch_of[static_cast<std::size_t>(&att - a->atts.data())];
        const std::optional<std::string>* ready =
            pre >= 0 && i < batch.headers.size() ? &batch.headers[i][static_cast<std::size_t>(pre)] : nullptr;
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
          case fi::modseq:
            if (modseq_sent) break;
            sep();
            out += "MODSEQ (";
            proto::append_number(out, m.modseq);
            out += ')';
            modseq_sent = true;
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
          case fi::envelope:
            sep();
            out += "ENVELOPE ";
            out += st->envelope();
            break;
          case fi::body:
            sep();
            out += "BODY ";
            out += st->body();
            break;
          case fi::bodystructure:
            sep();
            out += "BODYSTRUCTURE ";
            out += st->bodystructure();
            break;
          case fi::rfc822:
          case fi::rfc822_header:
          case fi::rfc822_text:
          case fi::body_section: {
            sep();
            proto::section_spec spec = att.section;
            if (att.item == fi::rfc822_header) spec.what = proto::section_spec::kind::header;
            if (att.item == fi::rfc822_text) spec.what = proto::section_spec::kind::text;
            out += att.item == fi::rfc822         ? std::string("RFC822")
                   : att.item == fi::rfc822_header ? std::string("RFC822.HEADER")
                   : att.item == fi::rfc822_text   ? std::string("RFC822.TEXT")
                                                   : att.response_name();
            out += ' ';
            std::uint64_t begin = 0, end = m.blob.size;
            bool filter = false;
            if (st) {
              auto where = mime::locate(*st, to_mime(spec));
              if (!where.exists) {
                // A part that does not exist reads as an empty string, as in
                // Dovecot (RFC 9051 leaves it open).
                out += "\"\"";
                break;
              }
              begin = where.begin;
              end = where.end;
              filter = where.filter;
            }
            if (filter) {
              std::string bytes;
              if (ready && *ready) {
                bytes = **ready;  // read with the batch
              } else {
                auto r = co_await s.blocking([&]() {
                  return job.acct->read_blob(m.blob, begin, static_cast<std::size_t>(end - begin));
                });
                if (!r || !*r) co_return fail();
                bytes = std::move(r->value());
              }
              std::string h = mime::filter_header(bytes, spec.fields,
                                                  spec.what == proto::section_spec::kind::header_fields_not);
              auto [o, n] = window(att, h.size());
              proto::append_literal(out, std::string_view(h).substr(o, n));
              break;
            }
            auto [o, n] = window(att, end - begin);
            if (!co_await stream_range(job, m.blob, begin + o, n)) co_return fail();
            break;
          }
          case fi::binary:
          case fi::binary_size: {
            sep();
            out += att.response_name();
            out += ' ';
            auto where = mime::locate_binary(*st, att.section.part);
            if (!where.exists) {
              out += att.item == fi::binary_size ? "0" : "\"\"";
              break;
            }
            // First pass: decoded size and whether NUL is in it (then the
            // answer must be a literal8, RFC 3516 section 4.2).
            std::uint64_t size = 0;
            bool nul = false;
            auto measure = [&](std::string_view d) -> net::awaitable<bool> {
              size += d.size();
              nul = nul || d.find('\0') != std::string_view::npos;
              co_return true;
            };
            if (!co_await decode_range(job, m.blob, where, measure)) co_return fail();
            if (att.item == fi::binary_size) {
              proto::append_number(out, size);
              break;
            }
            // Plain variables, not a structured binding: the lambda below
            // captures them, which clang 14 (the fuzz build) does not allow.
            const auto win = window(att, size);
            const std::uint64_t o = win.first, n = win.second;
            out += nul ? "~{" : "{";
            proto::append_number(out, n);
            out += "}\r\n";
            std::uint64_t pos = 0;
            auto emit = [&](std::string_view d) -> net::awaitable<bool> {
              // Keep the bytes of [o, o+n) of the decoded stream.
              std::uint64_t from = std::max(pos, o), to = std::min(pos + d.size(), o + n);
              if (from < to) out.append(d.substr(static_cast<std::size_t>(from - pos), static_cast<std::size_t>(to - from)));
              pos += d.size();
              if (out.size() >= flush_at) co_return co_await s.flush();
              co_return true;
            };
            if (!co_await decode_range(job, m.blob, where, emit)) co_return fail();
            break;
          }
          default:
            break;
        }
      }
      // UID FETCH always carries UID (RFC 9051 section 6.4.9); a \Seen set
      // by this FETCH is reported with FLAGS, and under CONDSTORE with
      // MODSEQ (and UID for QRESYNC: RFC 7162 section 3.2.4); CHANGEDSINCE
      // implies MODSEQ (section 3.1.4.1).
      const bool seen_here = seen_set.count(m.uid) != 0;
      if (!uid_sent && (ctx.uid || (seen_here && s.qresync()))) {
        sep();
        out += "UID ";
        proto::append_number(out, m.uid);
      }
      if (!flags_sent && seen_here) {
        sep();
        out += "FLAGS ";
        append_flags(out, m.fl, v.is_recent(m.uid));
      }
      if (!modseq_sent && (a->changed_since || (seen_here && s.condstore()))) {
        sep();
        out += "MODSEQ (";
        proto::append_number(out, m.modseq);
        out += ')';
      }
      out += ")\r\n";
      if (out.size() >= flush_at && !co_await s.flush()) {
        ctx.replied = true;
        co_return;
      }
    }
  }
  if (missing) co_return ctx.no("Some messages were expunged and can no longer be fetched", "EXPUNGEISSUED");
  ctx.ok("FETCH completed");
}

}  // namespace cairn::imap
