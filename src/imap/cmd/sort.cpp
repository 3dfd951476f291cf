// SORT and UID SORT (RFC 5256, RFC 5957 SORT=DISPLAY), their ESORT form
// (RFC 5267 section 3), THREAD and UID THREAD (RFC 5256), CANCELUPDATE and
// the RETURN (UPDATE) contexts of SEARCH and SORT (RFC 5267 section 4).
//
// A SORT or THREAD is a SEARCH (cmd/search.cpp resolves and runs the
// program), then the store's header keys of the messages found
// (account::sort_sources: nothing is parsed again) ordered by
// store/sort.hpp. Choices where the RFCs leave room are in docs/sort.md.
#include <algorithm>
#include <chrono>

#include "imap/cmd/commands.hpp"
#include "imap/cmd/search_common.hpp"
#include "imap/command_table.hpp"
#include "mime/rfc822.hpp"
#include "protocol/sort.hpp"
#include "protocol/writer.hpp"

namespace cairn::imap {
namespace {

std::vector<store::order_criterion> criteria_of(const std::vector<proto::sort_criterion>& in) {
  std::vector<store::order_criterion> out;
  for (const auto& c : in) {
    store::order_criterion o;
    o.reverse = c.reverse;
    switch (c.key) {
      case proto::sort_key::arrival: o.key = store::order_key::arrival; break;
      case proto::sort_key::cc: o.key = store::order_key::cc; break;
      case proto::sort_key::date: o.key = store::order_key::date; break;
      case proto::sort_key::from: o.key = store::order_key::from; break;
      case proto::sort_key::size: o.key = store::order_key::size; break;
      case proto::sort_key::subject: o.key = store::order_key::subject; break;
      case proto::sort_key::to: o.key = store::order_key::to; break;
      case proto::sort_key::display_from: o.key = store::order_key::display_from; break;
      case proto::sort_key::display_to: o.key = store::order_key::display_to; break;
    }
    out.push_back(o);
  }
  return out;
}

// Runs `op` (a store sort or thread call) on a worker; nullopt with the
// reply set (when there is a command to answer).
template <class T, class Op>
net::awaitable<std::optional<T>> ordered(session& s, command_context* ctx, Op op) {
  auto* sel = s.selected_state();
  auto acct = sel->auth.account;
  const store::mailbox_id box = sel->view->box.id;
  const auto deadline = std::chrono::steady_clock::now() + s.config().lim.command_time;
  auto r = co_await s.blocking([&]() { return op(*acct, box, deadline); });
  if (!s.selected_state()) co_return std::nullopt;
  if (!r) {
    if (ctx) answer_busy(*ctx);
    co_return std::nullopt;
  }
  if (!*r) {
    if (ctx) {
      if (r->error() == errc::timeout) ctx->no("Sort took too long", "LIMIT");
      else answer_error(s, *ctx, r->error());
    }
    co_return std::nullopt;
  }
  co_return std::move(r->value());
}

net::awaitable<std::optional<std::vector<store::uid_t>>> sorted(session& s, command_context* ctx,
                                                               const std::vector<store::uid_t>& uids,
                                                               const std::vector<store::order_criterion>& criteria) {
  co_return co_await ordered<std::vector<store::uid_t>>(
      s, ctx, [&](store::account& a, store::mailbox_id box, auto deadline) {
        return a.sort(box, uids, criteria, deadline);
      });
}

// SORT and THREAD of ALL (what webmail sends most) need no search: the
// messages this session knows, less those it knows are expunged. Others'
// expunges it has not heard of yet are left out by sort_sources, which
// returns live messages only, so the answer is the one the search gives.
bool is_all(const store::search_key& k) {
  if (k.k == store::search_key::kind::all) return true;
  return k.k == store::search_key::kind::and_ && k.children.size() == 1 &&
         k.children[0].k == store::search_key::kind::all;
}

net::awaitable<std::optional<found_messages>> find(session& s, command_context& ctx, const store::search_key& key,
                                                   bool save, bool with_modseq) {
  if (!with_modseq && is_all(key)) {
    const mailbox_view& v = *s.selected_state()->view;
    found_messages f;
    f.uids.reserve(v.uids.size());
    for (auto u : v.uids)
      if (!v.is_pending_expunge(u)) f.uids.push_back(u);
    co_return f;
  }
  co_return co_await run_search(s, ctx, key, save);
}

}  // namespace

net::awaitable<void> cmd_sort(session& s, command_context& ctx) {
  auto a = proto::read_sort(ctx.args, s.config().lim.nesting);
  if (!a) co_return ctx.bad_syntax();
  const bool save = a->ret && a->ret->save;
  const bool update = a->ret && a->ret->update;
  if (update && has_update_context(*s.selected_state()->view, ctx.tag))
    co_return ctx.bad("Tag reuse: an UPDATE context with this tag exists");
  auto key = resolve_search(s, ctx, a->program, a->charset, save, true);
  if (!key) co_return;
  const bool with_modseq = proto::uses_modseq(a->program);
  if (with_modseq) s.enable_condstore();
  auto got = co_await find(s, ctx, *key, save, with_modseq);
  if (!got) co_return;
  const auto criteria = criteria_of(a->criteria);
  auto sorted_uids = co_await sorted(s, &ctx, got->uids, criteria);
  if (!sorted_uids) {
    if (save) s.selected_state()->view->saved.clear();
    co_return;
  }
  const std::vector<store::uid_t> order = std::move(*sorted_uids);
  mailbox_view& v = *s.selected_state()->view;
  const proto::search_return ret = a->ret.value_or(proto::search_return{.all = true});
  if (save) v.saved = saved_of(ret, order);
  std::vector<std::uint32_t> nums;
  nums.reserve(order.size());
  for (auto u : order) nums.push_back(ctx.uid ? u : *v.seq_of(u));
  std::optional<store::modseq_t> modseq;
  if (with_modseq && !got->modseqs.empty()) modseq = *std::max_element(got->modseqs.begin(), got->modseqs.end());

  std::string& out = s.out();
  if (!a->ret || ret.all) out.reserve(out.size() + 16 + nums.size() * 8);
  if (!a->ret) {
    // RFC 5256 section 4: "* SORT" and the numbers in order; with a MODSEQ
    // key, the highest MODSEQ as for SEARCH (RFC 7162 section 3.1.6).
    out += "* SORT";
    for (auto n : nums) {
      out += ' ';
      proto::append_number(out, n);
    }
    if (modseq) {
      out += " (MODSEQ ";
      proto::append_number(out, *modseq);
      out += ')';
    }
    out += "\r\n";
  } else if (ret.min || ret.max || ret.all || ret.count || ret.partial || !ret.save) {
    // SAVE alone (or with CONTEXT, UPDATE) asks for no ESEARCH at all.
    out += "* ESEARCH (TAG ";
    proto::append_string(out, ctx.tag);
    out += ')';
    if (ctx.uid) out += " UID";
    append_result_items(out, ret, nums, true, modseq);
    out += "\r\n";
  }
  if (update) {
    mailbox_view::update_context c;
    c.tag = ctx.tag;
    c.uid = ctx.uid;
    c.key = std::move(*key);
    c.sorted = true;
    c.criteria = criteria;
    c.result = order;
    add_update_context(s, std::move(c));
  }
  ctx.ok(save ? "SORT completed, result saved" : "SORT completed");
}

net::awaitable<void> cmd_thread(session& s, command_context& ctx) {
  auto a = proto::read_thread(ctx.args, s.config().lim.nesting);
  if (!a) co_return ctx.bad_syntax();
  if (a->algorithm == proto::thread_algorithm::unknown)
    co_return ctx.bad("Unknown threading algorithm " + a->algorithm_name);
  auto key = resolve_search(s, ctx, a->program, a->charset, false, true);
  if (!key) co_return;
  auto got = co_await find(s, ctx, *key, false, false);
  if (!got) co_return;
  const auto algorithm = a->algorithm == proto::thread_algorithm::references ? store::thread_algorithm::references
                                                                            : store::thread_algorithm::orderedsubject;
  auto tree = co_await ordered<std::shared_ptr<const store::thread_tree>>(
      s, &ctx, [&](store::account& acct, store::mailbox_id box, auto deadline) {
        return acct.thread(box, got->uids, algorithm, deadline);
      });
  if (!tree) co_return;
  const store::thread_tree& t = **tree;
  mailbox_view& v = *s.selected_state()->view;
  std::string& out = s.out();
  out += "* THREAD";
  if (ctx.uid) out += store::format_threads(t, [](store::uid_t u) { return u; });
  else out += store::format_threads(t, [&](store::uid_t u) { return *v.seq_of(u); });
  out += "\r\n";
  ctx.ok("THREAD completed");
}

net::awaitable<void> cmd_cancelupdate(session& s, command_context& ctx) {
  auto tags = proto::read_cancelupdate(ctx.args);
  if (!tags) co_return ctx.bad_syntax();
  mailbox_view& v = *s.selected_state()->view;
  for (const auto& t : *tags)
    if (!has_update_context(v, t)) co_return ctx.no("No UPDATE context with tag " + t);
  for (const auto& t : *tags)
    std::erase_if(v.contexts, [&](const mailbox_view::update_context& c) { return c.tag == t; });
  ctx.ok("No further updates");
}

bool has_update_context(const mailbox_view& v, std::string_view tag) {
  return std::any_of(v.contexts.begin(), v.contexts.end(), [&](const auto& c) { return c.tag == tag; });
}

void add_update_context(session& s, mailbox_view::update_context&& c) {
  mailbox_view& v = *s.selected_state()->view;
  if (v.contexts.size() >= s.config().lim.update_contexts) {
    std::string line = "NO [NOUPDATE ";
    proto::append_string(line, c.tag);
    line += "] Too many contexts";
    s.untagged(line);
    return;
  }
  v.contexts.push_back(std::move(c));
}

namespace {

// The ESEARCH line for a context's changes.
void send_update(session& s, const mailbox_view::update_context& c, const std::string& items) {
  if (items.empty()) return;
  std::string& out = s.out();
  out += "* ESEARCH (TAG ";
  proto::append_string(out, c.tag);
  out += ')';
  if (c.uid) out += " UID";
  out += items;
  out += "\r\n";
}

// REMOVEFROM for the members of `c` for which `leaves` is true; they are
// taken out of c.result. `num` gives what the client reads.
template <class Leaves, class Num>
std::string removals(mailbox_view::update_context& c, Leaves&& leaves, Num&& num) {
  std::string items;
  if (!c.sorted) {
    // SEARCH: position 0, the set in mailbox order (RFC 5267 4.3.4).
    std::vector<std::uint32_t> gone;
    for (auto u : c.result)
      if (leaves(u)) gone.push_back(num(u));
    std::sort(gone.begin(), gone.end());
    if (!gone.empty()) items = " REMOVEFROM (0 " + proto::to_string(proto::from_sorted(gone)) + ")";
  } else {
    // SORT: front to back, each position counted in the list as it is
    // after the removals before it.
    std::string pairs;
    std::size_t removed = 0;
    for (std::size_t p = 0; p < c.result.size();) {
      if (!leaves(c.result[p])) {
        ++p;
        continue;
      }
      std::size_t q = p;
      std::vector<std::uint32_t> run;
      while (q < c.result.size() && leaves(c.result[q])) run.push_back(num(c.result[q++]));
      if (!pairs.empty()) pairs += ' ';
      pairs += std::to_string(p + 1 - removed) + " " + ordered_set(run);
      removed += run.size();
      p = q;
    }
    if (!pairs.empty()) items = " REMOVEFROM (" + pairs + ")";
  }
  std::erase_if(c.result, [&](store::uid_t u) { return leaves(u); });
  return items;
}

}  // namespace

void remove_from_contexts(session& s, const std::vector<store::uid_t>& expunged) {
  auto* sel = s.selected_state();
  if (!sel || sel->view->contexts.empty()) return;
  std::vector<store::uid_t> uids = expunged;
  std::sort(uids.begin(), uids.end());
  mailbox_view& v = *sel->view;
  for (auto& c : v.contexts) {
    auto leaves = [&](store::uid_t u) { return std::binary_search(uids.begin(), uids.end(), u); };
    auto num = [&](store::uid_t u) -> std::uint32_t { return c.uid ? u : v.seq_of(u).value_or(0); };
    send_update(s, c, removals(c, leaves, num));
  }
}

net::awaitable<void> update_contexts(session& s) {
  auto* sel = s.selected_state();
  if (!sel || sel->view->contexts.empty()) co_return;
  // Each context by index: the view may change while the store works.
  for (std::size_t i = 0;; ++i) {
    sel = s.selected_state();
    if (!sel || i >= sel->view->contexts.size()) co_return;
    store::search_key key = sel->view->contexts[i].key;
    auto now = co_await rerun_search(s, key);
    if (!now) continue;
    sel = s.selected_state();
    if (!sel || i >= sel->view->contexts.size()) co_return;
    // Messages whose expunge is not reported yet have left the result too:
    // REMOVEFROM goes before their EXPUNGE (RFC 5267 section 4.3.4).
    std::erase_if(*now, [&](store::uid_t u) { return sel->view->is_pending_expunge(u); });
    std::vector<store::uid_t> fresh = std::move(*now);
    if (sel->view->contexts[i].sorted) {
      // Sort keys never change: only the members do. The new members are
      // sorted with the old ones to find their places.
      auto criteria = sel->view->contexts[i].criteria;
      auto in_order = co_await sorted(s, nullptr, fresh, criteria);
      if (!in_order) continue;
      sel = s.selected_state();
      if (!sel || i >= sel->view->contexts.size()) co_return;
      fresh = std::move(*in_order);
    }
    mailbox_view& v = *sel->view;
    auto& c = v.contexts[i];
    // Members no longer in the view were reported expunged already (with
    // their REMOVEFROM, remove_from_contexts).
    std::erase_if(c.result, [&](store::uid_t u) { return !v.seq_of(u); });
    auto num = [&](store::uid_t u) -> std::uint32_t { return c.uid ? u : *v.seq_of(u); };
    std::vector<store::uid_t> in_new = fresh, in_old = c.result;
    std::sort(in_new.begin(), in_new.end());
    std::sort(in_old.begin(), in_old.end());
    auto member = [](const std::vector<store::uid_t>& set, store::uid_t u) {
      return std::binary_search(set.begin(), set.end(), u);
    };
    std::string items = removals(c, [&](store::uid_t u) { return !member(in_new, u); }, num);
    if (!c.sorted) {
      // SEARCH: position 0, the set in mailbox order (RFC 5267 4.3.3).
      std::vector<std::uint32_t> added;
      for (auto u : in_new)
        if (!member(in_old, u)) added.push_back(num(u));
      if (!added.empty()) items += " ADDTO (0 " + proto::to_string(proto::from_sorted(added)) + ")";
    } else {
      // SORT: insertions front to back at their final positions (all
      // members before each are in place by then).
      std::string pairs;
      for (std::size_t p = 0; p < fresh.size();) {
        if (member(in_old, fresh[p])) {
          ++p;
          continue;
        }
        std::size_t q = p;
        std::vector<std::uint32_t> run;
        while (q < fresh.size() && !member(in_old, fresh[q])) run.push_back(num(fresh[q++]));
        if (!pairs.empty()) pairs += ' ';
        pairs += std::to_string(p + 1) + " " + ordered_set(run);
        p = q;
      }
      if (!pairs.empty()) items += " ADDTO (" + pairs + ")";
    }
    c.result = std::move(fresh);
    send_update(s, c, items);
  }
}

}  // namespace cairn::imap
