// SEARCH and UID SEARCH (RFC 9051 section 6.4.4, RFC 3501 section 6.4.4),
// with ESEARCH answers and RETURN options (RFC 4731, RFC 9051 section
// 7.3.4), the saved result "$" (RFC 5182, RFC 9051 section 6.4.4.1) and
// OLDER / YOUNGER (RFC 5032), and MODSEQ (RFC 7162 CONDSTORE).
//
// The session resolves what is its own (sequence numbers, "$", \Recent,
// "now") into UIDs, days and instants, converts strings from the CHARSET to
// UTF-8, and hands the store a search_key (store/search.hpp); the store
// answers with UIDs, which are mapped back to what this session knows.
// Choices where the RFCs leave room (docs/search.md):
//  - No CHARSET means UTF-8 (RFC 9051; US-ASCII is a subset); US-ASCII and
//    UTF-8 strings must be valid UTF-8 (else BAD, as RFC 6855 says for
//    quoted strings); any charset ICU knows is converted, others get
//    NO [BADCHARSET (UTF-8 US-ASCII)]; after ENABLE UTF8=ACCEPT, a CHARSET
//    is BAD (RFC 6855 section 3).
//  - Sequence numbers past the last message (and "*" in an empty mailbox)
//    match nothing instead of making the search BAD.
//  - Messages another session expunged that this one has not been told of
//    keep their sequence numbers but match no key.
//  - The search's work is bounded by limits.command_time: past it the
//    answer is NO [LIMIT] and nothing else changes.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "imap/cmd/commands.hpp"
#include "imap/cmd/search_common.hpp"
#include "imap/command_table.hpp"
#include "mime/charset.hpp"
#include "mime/rfc822.hpp"
#include "protocol/search.hpp"
#include "protocol/writer.hpp"
#include "store/flags.hpp"

namespace cairn::imap {
namespace {

using op = proto::search_op;
using kind = store::search_key::kind;

struct conversion {
  const mailbox_view& view;
  std::string charset;  // empty: UTF-8
  std::int64_t now = 0;
  // Set when a key cannot be converted: what to answer.
  std::string bad;

  std::optional<std::string> text(const std::string& bytes) {
    if (charset.empty()) {
      if (!proto::is_valid_utf8(bytes)) {
        bad = "Search string is not valid UTF-8";
        return std::nullopt;
      }
      return bytes;
    }
    return mime::to_utf8(charset, bytes);
  }

  store::uid_ranges ranges(const std::vector<store::uid_t>& uids) {
    store::uid_ranges out;
    for (const auto& r : proto::from_sorted(uids)) out.push_back({r.first, r.last});
    return out;
  }

  // "$", or a set of sequence numbers or UIDs, as UIDs this session knows.
  store::search_key set(const proto::sequence_set& s, bool uid) {
    store::search_key k;
    k.k = kind::uids;
    if (s.saved) {
      k.uids = ranges(view.by_uid(proto::from_sorted(view.saved)));
    } else if (uid) {
      for (const auto& r : proto::resolve(s, view.uids.empty() ? view.box.uidnext : view.uids.back()))
        k.uids.push_back({r.first, r.last});
    } else {
      k.uids = ranges(view.by_seq(proto::clip(proto::resolve(s, view.exists()), view.exists())));
    }
    if (k.uids.empty()) k.k = kind::none;
    return k;
  }

  static store::search_key flag(std::uint8_t bit, bool set) {
    store::search_key k;
    k.k = kind::flag;
    k.number = bit;
    if (set) return k;
    store::search_key n;
    n.k = kind::not_;
    n.children.push_back(std::move(k));
    return n;
  }

  static store::search_key negate(store::search_key k) {
    store::search_key n;
    n.k = kind::not_;
    n.children.push_back(std::move(k));
    return n;
  }

  store::search_key recent() {
    store::search_key k;
    k.k = view.recent.empty() ? kind::none : kind::uids;
    k.uids = ranges(view.recent);
    return k;
  }

  // Depth follows the parsed program's, which the parser bounded.
  std::optional<store::search_key> key(const proto::search_key& p) {
    store::search_key k;
    auto day = [&](kind kd) {
      k.k = kd;
      k.number = proto::days_from_civil(p.date.year, p.date.month, p.date.day);
      return k;
    };
    auto str = [&](kind kd) -> std::optional<store::search_key> {
      auto t = text(p.text);
      if (!t) return std::nullopt;
      k.k = kd;
      k.text = std::move(*t);
      return k;
    };
    switch (p.op) {
      case op::and_:
      case op::or_:
      case op::not_:
        k.k = p.op == op::and_ ? kind::and_ : p.op == op::or_ ? kind::or_ : kind::not_;
        for (const auto& c : p.children) {
          auto ck = key(c);
          if (!ck) return std::nullopt;
          k.children.push_back(std::move(*ck));
        }
        return k;
      case op::sequence: return set(p.set, false);
      case op::uid: return set(p.set, true);
      case op::all: k.k = kind::all; return k;
      case op::answered: return flag(store::flag_answered, true);
      case op::deleted: return flag(store::flag_deleted, true);
      case op::draft: return flag(store::flag_draft, true);
      case op::flagged: return flag(store::flag_flagged, true);
      case op::seen: return flag(store::flag_seen, true);
      case op::unanswered: return flag(store::flag_answered, false);
      case op::undeleted: return flag(store::flag_deleted, false);
      case op::undraft: return flag(store::flag_draft, false);
      case op::unflagged: return flag(store::flag_flagged, false);
      case op::unseen: return flag(store::flag_seen, false);
      // \Recent belongs to the session (RFC 3501 section 2.3.2). NEW is
      // RECENT UNSEEN; OLD is NOT RECENT. An IMAP4rev2 session has no
      // \Recent messages.
      case op::recent: return recent();
      case op::new_:
        k.k = kind::and_;
        k.children.push_back(recent());
        k.children.push_back(flag(store::flag_seen, false));
        return k;
      case op::old: return negate(recent());
      case op::keyword:
      case op::unkeyword:
        k.k = kind::keyword;
        k.text = p.text;
        return p.op == op::keyword ? k : negate(std::move(k));
      case op::before: return day(kind::before_day);
      case op::on: return day(kind::on_day);
      case op::since: return day(kind::since_day);
      case op::sent_before: return day(kind::sent_before_day);
      case op::sent_on: return day(kind::sent_on_day);
      case op::sent_since: return day(kind::sent_since_day);
      case op::older:
        k.k = kind::at_or_before;
        k.number = now - static_cast<std::int64_t>(p.number);
        return k;
      case op::younger:
        k.k = kind::at_or_after;
        k.number = now - static_cast<std::int64_t>(p.number);
        return k;
      case op::larger:
      case op::smaller:
        k.k = p.op == op::larger ? kind::larger : kind::smaller;
        k.number = static_cast<std::int64_t>(p.number);  // number64: below 2^63
        return k;
      case op::modseq:
        // One MODSEQ per message: the entry name and type are ignored
        // (RFC 7162 section 3.1.5).
        k.k = kind::modseq;
        k.number = static_cast<std::int64_t>(p.number);
        return k;
      case op::bcc: return str(kind::bcc);
      case op::body: return str(kind::body);
      case op::cc: return str(kind::cc);
      case op::from: return str(kind::from);
      case op::subject: return str(kind::subject);
      case op::text: return str(kind::text);
      case op::to: return str(kind::to);
      case op::header: {
        auto t = text(p.text);
        if (!t) return std::nullopt;
        k.k = kind::header;
        k.name = p.field;
        k.text = std::move(*t);
        return k;
      }
    }
    return std::nullopt;
  }
};

bool is_utf8_charset(std::string_view cs) {
  return mime::iequals(cs, "UTF-8") || mime::iequals(cs, "US-ASCII") || mime::iequals(cs, "UTF8") ||
         mime::iequals(cs, "ASCII");
}

}  // namespace

std::optional<store::search_key> resolve_search(session& s, command_context& ctx, const proto::search_key& program,
                                                const std::optional<std::string>& charset, bool save,
                                                bool charset_mandatory) {
  mailbox_view& v = *s.selected_state()->view;
  conversion conv{v};
  if (charset) {
    // RFC 6855 section 3: no CHARSET after UTF8=ACCEPT; SORT and THREAD
    // must name one (RFC 5256), so there only UTF-8 is accepted then.
    if (s.utf8_accept() && !(charset_mandatory && mime::iequals(*charset, "UTF-8"))) {
      ctx.bad("CHARSET is not allowed after ENABLE UTF8=ACCEPT");
      return std::nullopt;
    }
    if (!is_utf8_charset(*charset)) {
      if (!mime::charset_known(*charset)) {
        if (save) v.saved.clear();
        ctx.no("Unsupported charset " + *charset, "BADCHARSET (UTF-8 US-ASCII)");
        return std::nullopt;
      }
      conv.charset = *charset;
    }
  }
  conv.now = static_cast<std::int64_t>(std::time(nullptr));
  auto key = conv.key(program);
  if (!key) {
    ctx.bad(conv.bad.empty() ? std::string("Invalid search") : conv.bad);
    return std::nullopt;
  }
  return key;
}

namespace {

// The store's answer restricted to the messages this session knows of
// (new ones are announced after the answer), ascending.
found_messages known(const mailbox_view& v, const store::search_result& r) {
  found_messages f;
  const auto& all = r.uids;
  const auto& ms = r.modseqs;
  f.uids.reserve(all.size());
  auto k = v.uids.begin();
  for (std::size_t i = 0; i < all.size(); ++i) {
    k = std::lower_bound(k, v.uids.end(), all[i]);
    if (k == v.uids.end()) break;
    if (*k != all[i]) continue;
    f.uids.push_back(all[i]);
    f.modseqs.push_back(i < ms.size() ? ms[i] : 0);
  }
  return f;
}

}  // namespace

net::awaitable<std::optional<found_messages>> run_search(session& s, command_context& ctx, const store::search_key& key,
                                                         bool save) {
  auto* sel = s.selected_state();
  auto acct = sel->auth.account;
  const store::mailbox_id box = sel->view->box.id;
  store::search_options opt;
  opt.deadline = std::chrono::steady_clock::now() + s.config().lim.command_time;
  auto r = co_await s.blocking([&]() { return acct->search(box, key, opt); });
  sel = s.selected_state();
  if (!sel) co_return std::nullopt;
  mailbox_view& v = *sel->view;
  auto refuse = [&](std::string text, std::string code) {
    if (save) v.saved.clear();
    ctx.no(std::move(text), std::move(code));
  };
  if (!r) {
    refuse("Server busy, try again later", "UNAVAILABLE");
    co_return std::nullopt;
  }
  if (!*r) {
    if (r->error() == errc::timeout) {
      s.log_event("search too long", {{"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                s.config().lim.command_time).count()}});
      refuse("Search took too long", "LIMIT");
      co_return std::nullopt;
    }
    if (save) v.saved.clear();
    answer_error(s, ctx, r->error());
    co_return std::nullopt;
  }
  co_return known(v, r->value());
}

net::awaitable<std::optional<std::vector<store::uid_t>>> rerun_search(session& s, const store::search_key& key) {
  auto* sel = s.selected_state();
  auto acct = sel->auth.account;
  const store::mailbox_id box = sel->view->box.id;
  store::search_options opt;
  opt.deadline = std::chrono::steady_clock::now() + s.config().lim.command_time;
  auto r = co_await s.blocking([&]() { return acct->search(box, key, opt); });
  sel = s.selected_state();
  if (!sel || !r || !*r) co_return std::nullopt;
  co_return known(*sel->view, r->value()).uids;
}

std::string ordered_set(const std::vector<std::uint32_t>& nums) {
  std::string out;
  for (std::size_t i = 0; i < nums.size();) {
    std::size_t j = i;
    while (j + 1 < nums.size() && nums[j + 1] == nums[j] + 1) ++j;
    if (!out.empty()) out += ',';
    proto::append_number(out, nums[i]);
    if (j > i) {
      out += ':';
      proto::append_number(out, nums[j]);
    }
    i = j + 1;
  }
  return out;
}

std::pair<std::size_t, std::size_t> partial_slice(const proto::partial_range& r, std::size_t n) {
  // RFC 9394 section 3.1: 1 is the first result, -1 the last; whatever
  // part of the range lies outside the result is left out.
  const auto sn = static_cast<std::int64_t>(n);
  std::int64_t lo, hi;  // 0-based, inclusive
  if (r.first > 0) {
    lo = r.first - 1;
    hi = r.last - 1;
  } else {
    lo = sn + r.last;   // the farther from the end
    hi = sn + r.first;
  }
  lo = std::max<std::int64_t>(lo, 0);
  hi = std::min<std::int64_t>(hi, sn - 1);
  if (lo > hi) return {0, 0};
  return {static_cast<std::size_t>(lo), static_cast<std::size_t>(hi) + 1};
}

void append_result_items(std::string& out, const proto::search_return& ret, const std::vector<std::uint32_t>& nums,
                         bool sorted, std::optional<store::modseq_t> modseq) {
  if (!nums.empty()) {
    // MIN and MAX: the first and last in the result's order (for SORT the
    // "lowest" and "highest sorted message", RFC 5267 section 3.1).
    if (ret.min) {
      out += " MIN ";
      proto::append_number(out, nums.front());
    }
    if (ret.max) {
      out += " MAX ";
      proto::append_number(out, nums.back());
    }
    if (ret.all) {
      out += " ALL ";
      out += sorted ? ordered_set(nums) : proto::to_string(proto::from_sorted(nums));
    }
  }
  if (ret.partial) {
    // The range as requested, then the results in it or NIL (RFC 9394).
    out += " PARTIAL (";
    out += std::to_string(ret.partial->first);
    out += ':';
    out += std::to_string(ret.partial->last);
    auto [b, e] = partial_slice(*ret.partial, nums.size());
    if (b == e) {
      out += " NIL)";
    } else {
      std::vector<std::uint32_t> part(nums.begin() + static_cast<std::ptrdiff_t>(b),
                                      nums.begin() + static_cast<std::ptrdiff_t>(e));
      out += ' ';
      out += sorted ? ordered_set(part) : proto::to_string(proto::from_sorted(part));
      out += ')';
    }
  }
  if (ret.count) {
    out += " COUNT ";
    proto::append_number(out, nums.size());
  }
  if (modseq) {
    out += " MODSEQ ";
    proto::append_number(out, *modseq);
  }
}

std::vector<store::uid_t> saved_of(const proto::search_return& ret, const std::vector<store::uid_t>& in_order) {
  std::vector<store::uid_t> kept;
  // RFC 9051 table 4 and RFC 9394 section 3.2: with ALL or COUNT every
  // message found; else what PARTIAL, MIN and MAX return.
  if (ret.all || ret.count || (!ret.partial && !ret.min && !ret.max)) {
    kept = in_order;
  } else {
    if (ret.partial) {
      auto [b, e] = partial_slice(*ret.partial, in_order.size());
      kept.assign(in_order.begin() + static_cast<std::ptrdiff_t>(b), in_order.begin() + static_cast<std::ptrdiff_t>(e));
    }
    if (!in_order.empty() && ret.min) kept.push_back(in_order.front());
    if (!in_order.empty() && ret.max) kept.push_back(in_order.back());
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  return kept;
}

net::awaitable<void> cmd_search(session& s, command_context& ctx) {
  // A BAD leaves "$" as it was (RFC 9051 section 6.4.4.1).
  auto a = proto::read_search(ctx.args, s.config().lim.nesting);
  if (!a) co_return ctx.bad_syntax();
  const bool save = a->ret && a->ret->save;
  const bool update = a->ret && a->ret->update;
  if (update && has_update_context(*s.selected_state()->view, ctx.tag))
    co_return ctx.bad("Tag reuse: an UPDATE context with this tag exists");
  auto key = resolve_search(s, ctx, a->program, a->charset, save, false);
  if (!key) co_return;

  // A MODSEQ key enables CONDSTORE (RFC 7162 section 3.1) and puts the
  // highest MODSEQ of what is returned in the answer.
  const bool with_modseq = proto::uses_modseq(a->program);
  if (with_modseq) s.enable_condstore();

  auto got = co_await run_search(s, ctx, *key, save);
  if (!got) co_return;
  auto* sel = s.selected_state();
  mailbox_view& v = *sel->view;
  const std::vector<store::uid_t>& found = got->uids;
  const std::vector<store::modseq_t>& modseqs = got->modseqs;
  const proto::search_return ret = a->ret.value_or(proto::search_return{.all = true});
  if (save) v.saved = saved_of(ret, found);
  // What the client reads: UIDs, or sequence numbers.
  std::vector<std::uint32_t> nums;
  nums.reserve(found.size());
  for (auto u : found) nums.push_back(ctx.uid ? u : *v.seq_of(u));

  std::string& out = s.out();
  if (!a->ret && !s.rev2()) {
    // IMAP4rev1 without RETURN: the SEARCH response.
    out += "* SEARCH";
    for (auto n : nums) {
      out += ' ';
      proto::append_number(out, n);
    }
    // RFC 7162 section 3.1.6: the highest MODSEQ of the messages returned.
    if (with_modseq && !modseqs.empty()) {
      out += " (MODSEQ ";
      proto::append_number(out, *std::max_element(modseqs.begin(), modseqs.end()));
      out += ')';
    }
    out += "\r\n";
  } else if (ret.min || ret.max || ret.all || ret.count || ret.partial || !ret.save) {
    // SAVE alone (or with CONTEXT, UPDATE) asks for no ESEARCH at all.
    out += "* ESEARCH (TAG ";
    proto::append_string(out, ctx.tag);
    out += ')';
    if (ctx.uid) out += " UID";
    // RFC 4731 section 3.2: MIN or MAX alone give that message's MODSEQ,
    // MIN and MAX the higher of theirs, anything else the highest of all.
    std::optional<store::modseq_t> m;
    if (with_modseq && !modseqs.empty()) {
      if ((ret.min || ret.max) && !ret.all && !ret.count && !ret.partial) {
        store::modseq_t x = 0;
        if (ret.min) x = std::max(x, modseqs.front());
        if (ret.max) x = std::max(x, modseqs.back());
        m = x;
      } else {
        m = *std::max_element(modseqs.begin(), modseqs.end());
      }
    }
    append_result_items(out, ret, nums, false, m);
    out += "\r\n";
  }
  if (update) {
    mailbox_view::update_context c;
    c.tag = ctx.tag;
    c.uid = ctx.uid;
    c.key = std::move(*key);
    c.result = found;
    add_update_context(s, std::move(c));
  }
  ctx.ok(save ? "SEARCH completed, result saved" : "SEARCH completed");
}

}  // namespace cairn::imap
