// LIST (RFC 9051 section 6.3.9, RFC 5258 LIST-EXTENDED, RFC 5819
// LIST-STATUS, RFC 6154 SPECIAL-USE, RFC 3348 CHILDREN) and LSUB (RFC 3501
// section 6.3.9, IMAP4rev1 only).
#include <algorithm>
#include <map>
#include <set>

#include "imap/cmd/commands.hpp"
#include "imap/cmd/status_items.hpp"
#include "imap/command_table.hpp"
#include "protocol/command.hpp"
#include "protocol/list_pattern.hpp"
#include "protocol/utf7.hpp"

namespace cairn::imap {
namespace {

struct name_info {
  const store::mailbox_info* box = nullptr;  // null: the name does not exist
  bool subscribed = false;
  bool has_children = false;       // an existing mailbox below it
  bool subscribed_child = false;   // a subscribed name below it
  bool implied = false;            // exists only as a parent of others
};

// Every name worth considering: mailboxes, their parents, subscriptions.
std::map<std::string, name_info> collect(const std::vector<store::mailbox_info>& boxes,
                                         const std::vector<std::string>& subs) {
  std::map<std::string, name_info> names;
  for (const auto& b : boxes) names[b.name].box = &b;
  for (const auto& b : boxes) {
    for (std::size_t p = b.name.rfind('/'); p != std::string::npos && p > 0; p = b.name.rfind('/', p - 1)) {
      auto& parent = names[b.name.substr(0, p)];
      parent.has_children = true;
      if (!parent.box) parent.implied = true;
      if (p == 0) break;
    }
  }
  for (const auto& s : subs) {
    names[s].subscribed = true;
    for (std::size_t p = s.rfind('/'); p != std::string::npos && p > 0; p = s.rfind('/', p - 1)) {
      names[s.substr(0, p)].subscribed_child = true;
      if (p == 0) break;
    }
  }
  return names;
}

// Turns a pattern from the wire into UTF-8 with INBOX canonical; wildcards
// are ASCII and survive modified UTF-7 decoding.
std::optional<std::string> decode_pattern(const session& s, std::string_view wire) {
  if (s.utf8()) {
    if (!proto::is_valid_utf8(wire)) return std::nullopt;
    return proto::canonical_inbox(std::string(wire));
  }
  auto d = proto::decode_mutf7(wire);
  if (!d) return std::nullopt;
  return proto::canonical_inbox(std::move(*d));
}

// INBOX first, then the rest in name order.
std::vector<const std::pair<const std::string, name_info>*> ordered(const std::map<std::string, name_info>& names) {
  std::vector<const std::pair<const std::string, name_info>*> out;
  auto inbox = names.find("INBOX");
  if (inbox != names.end()) out.push_back(&*inbox);
  for (const auto& e : names)
    if (e.first != "INBOX") out.push_back(&e);
  return out;
}

}  // namespace

net::awaitable<void> cmd_list(session& s, command_context& ctx) {
  auto a = proto::read_list(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  bool sel_subscribed = false, sel_recursive = false, sel_special = false;
  for (const auto& o : a->selection) {
    if (o == "SUBSCRIBED") sel_subscribed = true;
    else if (o == "RECURSIVEMATCH") sel_recursive = true;
    else if (o == "SPECIAL-USE") sel_special = true;
    else if (o != "REMOTE") co_return ctx.bad("Unknown LIST selection option " + o);
  }
  // RFC 5258 section 3.1: RECURSIVEMATCH needs a base option (SUBSCRIBED;
  // SPECIAL-USE is an independent one, RFC 6154 section 6).
  if (sel_recursive && !sel_subscribed) co_return ctx.bad("RECURSIVEMATCH requires SUBSCRIBED");
  bool ret_subscribed = false, ret_children = false, ret_special = false, ret_status = false;
  for (const auto& o : a->returns) {
    if (o == "SUBSCRIBED") ret_subscribed = true;
    else if (o == "CHILDREN") ret_children = true;
    else if (o == "SPECIAL-USE") ret_special = true;
    else if (o == "STATUS") ret_status = true;
    else co_return ctx.bad("Unknown LIST return option " + o);
  }
  std::string bad;
  if (ret_status && !valid_status_items(a->status_items, bad)) co_return ctx.bad("Unknown STATUS item " + bad);
  (void)ret_children;  // \HasChildren / \HasNoChildren are always sent

  // LIST "" "": the hierarchy delimiter and the root (RFC 9051 section 6.3.9).
  if (!a->extended && a->patterns.size() == 1 && a->patterns[0].empty()) {
    s.untagged("LIST (\\Noselect) \"/\" \"\"");
    co_return ctx.ok("LIST completed");
  }

  std::vector<proto::list_matcher> matchers;
  std::vector<bool> trailing_percent;
  for (const auto& p : a->patterns) {
    auto ref = decode_pattern(s, a->reference);
    auto pat = decode_pattern(s, p);
    if (!ref || !pat) co_return ctx.bad("Invalid mailbox name in LIST");
    std::string joined = proto::canonical_inbox(proto::join_reference(*ref, *pat));
    trailing_percent.push_back(!joined.empty() && joined.back() == '%');
    matchers.emplace_back(std::move(joined));
  }

  auto acct = s.auth_state()->account;
  using listing = std::pair<std::vector<store::mailbox_info>, std::vector<std::string>>;
  auto r = co_await s.blocking([&]() -> result<listing> {
    auto boxes = acct->mailboxes();
    if (!boxes) return boxes.error();
    auto subs = acct->subscriptions();
    if (!subs) return subs.error();
    return listing{std::move(*boxes), std::move(*subs)};
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  const auto& boxes = r->value().first;
  auto names = collect(boxes, r->value().second);

  const bool rich = a->extended || s.rev2();
  std::vector<std::pair<std::string, const store::mailbox_info*>> status_for;
  for (const auto* e : ordered(names)) {
    const std::string& name = e->first;
    const name_info& info = e->second;
    bool matched = false, via_percent = false;
    for (std::size_t i = 0; i < matchers.size(); ++i) {
      if (matchers[i].matches(name)) {
        matched = true;
        via_percent = via_percent || trailing_percent[i];
      }
    }
    if (!matched) continue;
    // RECURSIVEMATCH: a name with a subscribed descendant carries CHILDINFO
    // (RFC 5258 section 3.5), whether or not it is subscribed itself
    // (section 5, examples 8 A1 and 9: "eps2"); one that is not is listed
    // for it.
    const bool childinfo = sel_subscribed && sel_recursive && info.subscribed_child;
    bool selected = true;  // meets the selection criteria (not listed only for CHILDINFO)
    if (sel_subscribed || sel_special) {
      // Every selection option must hold (RFC 5258 section 3).
      const bool special = info.box && !info.box->special_use.empty();
      selected = (!sel_subscribed || info.subscribed) && (!sel_special || special);
      if (!selected && !childinfo) continue;
    } else {
      if (!info.box) {
        // A name that exists only as a parent is listed where "%" stopped
        // at its level (RFC 3501 section 6.3.8; RFC 9051 section 6.3.5's
        // examples); a subscription to a missing name is not listed.
        if (!info.implied || !via_percent) continue;
      }
    }
    std::string attrs;
    auto add = [&](std::string_view x) {
      if (!attrs.empty()) attrs += ' ';
      attrs += x;
    };
    if (!info.box) add(rich ? "\\NonExistent" : "\\Noselect");
    if (info.box || info.has_children) add(info.has_children ? "\\HasChildren" : "\\HasNoChildren");
    if ((sel_subscribed || ret_subscribed) && info.subscribed) add("\\Subscribed");
    if (info.box && !info.box->special_use.empty() && (!a->extended || ret_special || sel_special))
      add(info.box->special_use);
    std::string line = "LIST (" + attrs + ") \"/\" ";
    s.append_mailbox(line, name);
    if (childinfo) line += " (\"CHILDINFO\" (\"SUBSCRIBED\"))";
    s.untagged(line);
    if (ret_status && info.box && selected) {
      // Each mailbox's STATUS follows its LIST line (RFC 5819 section 2);
      // a name listed only for its children's sake gets none (section 3,
      // the second example).
      auto box = *info.box;
      auto c = co_await s.blocking([&]() { return acct->counts(box.id); });
      if (c && *c) {
        std::string st = "STATUS ";
        s.append_mailbox(st, name);
        st += ' ';
        st += status_items_text(a->status_items, box, c->value(), s.config().lim.message_size);
        s.untagged(st);
      }
    }
  }
  ctx.ok("LIST completed");
}

net::awaitable<void> cmd_lsub(session& s, command_context& ctx) {
  if (s.rev2()) co_return ctx.bad("Unknown command LSUB");  // RFC 9051 removed LSUB
  auto a = proto::read_lsub(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  auto ref = decode_pattern(s, a->reference);
  auto pat = decode_pattern(s, a->pattern);
  if (!ref || !pat) co_return ctx.bad("Invalid mailbox name in LSUB");
  std::string joined = proto::canonical_inbox(proto::join_reference(*ref, *pat));
  const bool via_percent = !joined.empty() && joined.back() == '%';
  proto::list_matcher m(joined);
  auto acct = s.auth_state()->account;
  using listing = std::pair<std::vector<store::mailbox_info>, std::vector<std::string>>;
  auto r = co_await s.blocking([&]() -> result<listing> {
    auto boxes = acct->mailboxes();
    if (!boxes) return boxes.error();
    auto subs = acct->subscriptions();
    if (!subs) return subs.error();
    return listing{std::move(*boxes), std::move(*subs)};
  });
  if (!r) co_return answer_busy(ctx);
  if (!*r) co_return answer_error(s, ctx, r->error());
  auto names = collect(r->value().first, r->value().second);
  for (const auto* e : ordered(names)) {
    const auto& [name, info] = *e;
    if (!m.matches(name)) continue;
    // A parent of subscribed names, not itself subscribed, is listed with
    // \Noselect when "%" stopped at its level (RFC 3501 section 6.3.9).
    if (!info.subscribed && !(via_percent && info.subscribed_child)) continue;
    std::string line = "LSUB (";
    if (!info.subscribed || !info.box) line += "\\Noselect";
    line += ") \"/\" ";
    s.append_mailbox(line, name);
    s.untagged(line);
  }
  ctx.ok("LSUB completed");
}

}  // namespace cairn::imap
