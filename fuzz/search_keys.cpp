// libFuzzer target for the SEARCH argument parser (protocol/search.hpp): any
// bytes in. A program that parses must respect the nesting limit, and written
// back in canonical form it must parse again to the same program.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/search.hpp"
#include "protocol/writer.hpp"

namespace {

using namespace cairn::proto;

constexpr unsigned max_depth = 20;

unsigned depth_of(const search_key& k) {
  unsigned d = 0;
  for (const auto& c : k.children) d = std::max(d, depth_of(c));
  bool counts = k.op == search_op::not_ || k.op == search_op::or_ || k.op == search_op::and_;
  return d + (counts ? 1 : 0);
}

void write_set(std::string& out, const sequence_set& s) {
  if (s.saved) {
    out += '$';
    return;
  }
  for (std::size_t i = 0; i < s.ranges.size(); ++i) {
    if (i) out += ',';
    auto num = [&](std::uint32_t n) {
      if (n == star) out += '*';
      else append_number(out, n);
    };
    num(s.ranges[i].first);
    if (s.ranges[i].last != s.ranges[i].first) {
      out += ':';
      num(s.ranges[i].last);
    }
  }
}

const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void write_key(std::string& out, const search_key& k) {
  auto date = [&](const char* name) {
    out += name;
    out += ' ' + std::to_string(k.date.day) + "-" + months[k.date.month - 1] + "-";
    std::string y = std::to_string(k.date.year);
    out += std::string(4 - std::min<std::size_t>(4, y.size()), '0') + y;
  };
  auto str = [&](const char* name) {
    out += name;
    out += ' ';
    append_literal(out, k.text);
  };
  auto num = [&](const char* name) {
    out += name;
    out += ' ';
    append_number(out, k.number);
  };
  switch (k.op) {
    case search_op::and_:
      out += '(';
      for (std::size_t i = 0; i < k.children.size(); ++i) {
        if (i) out += ' ';
        write_key(out, k.children[i]);
      }
      out += ')';
      return;
    case search_op::or_:
      out += "OR ";
      write_key(out, k.children[0]);
      out += ' ';
      write_key(out, k.children[1]);
      return;
    case search_op::not_: out += "NOT "; write_key(out, k.children[0]); return;
    case search_op::sequence: write_set(out, k.set); return;
    case search_op::uid: out += "UID "; write_set(out, k.set); return;
    case search_op::all: out += "ALL"; return;
    case search_op::answered: out += "ANSWERED"; return;
    case search_op::deleted: out += "DELETED"; return;
    case search_op::draft: out += "DRAFT"; return;
    case search_op::flagged: out += "FLAGGED"; return;
    case search_op::seen: out += "SEEN"; return;
    case search_op::unanswered: out += "UNANSWERED"; return;
    case search_op::undeleted: out += "UNDELETED"; return;
    case search_op::undraft: out += "UNDRAFT"; return;
    case search_op::unflagged: out += "UNFLAGGED"; return;
    case search_op::unseen: out += "UNSEEN"; return;
    case search_op::recent: out += "RECENT"; return;
    case search_op::new_: out += "NEW"; return;
    case search_op::old: out += "OLD"; return;
    case search_op::keyword: out += "KEYWORD " + k.text; return;
    case search_op::unkeyword: out += "UNKEYWORD " + k.text; return;
    case search_op::before: date("BEFORE"); return;
    case search_op::on: date("ON"); return;
    case search_op::since: date("SINCE"); return;
    case search_op::sent_before: date("SENTBEFORE"); return;
    case search_op::sent_on: date("SENTON"); return;
    case search_op::sent_since: date("SENTSINCE"); return;
    case search_op::older: num("OLDER"); return;
    case search_op::younger: num("YOUNGER"); return;
    case search_op::larger: num("LARGER"); return;
    case search_op::smaller: num("SMALLER"); return;
    case search_op::modseq:
      out += "MODSEQ ";
      if (!k.field.empty()) {
        out += '"';
        for (char c : k.field) {
          if (c == '"' || c == '\\') out += '\\';
          out += c;
        }
        out += "\" " + k.text + " ";
      }
      append_number(out, k.number);
      return;
    case search_op::bcc: str("BCC"); return;
    case search_op::body: str("BODY"); return;
    case search_op::cc: str("CC"); return;
    case search_op::from: str("FROM"); return;
    case search_op::subject: str("SUBJECT"); return;
    case search_op::text: str("TEXT"); return;
    case search_op::to: str("TO"); return;
    case search_op::header:
      out += "HEADER ";
      append_literal(out, k.field);
      out += ' ';
      append_literal(out, k.text);
      return;
  }
}

std::string write_args(const search_args& a) {
  std::string out;
  if (a.ret) {
    out += "RETURN (";
    std::string opts;
    if (a.ret->min) opts += " MIN";
    if (a.ret->max) opts += " MAX";
    if (a.ret->all) opts += " ALL";
    if (a.ret->count) opts += " COUNT";
    if (a.ret->save) opts += " SAVE";
    // RFC 5267 and 9394's options (CONTEXT=SEARCH, PARTIAL): a list of only
    // these is not the empty list, which means ALL.
    if (a.ret->context) opts += " CONTEXT";
    if (a.ret->update) opts += " UPDATE";
    if (a.ret->partial)
      opts += " PARTIAL " + std::to_string(a.ret->partial->first) + ":" + std::to_string(a.ret->partial->last);
    out += opts.empty() ? "" : opts.substr(1);
    out += ") ";
  }
  if (a.charset) {
    // charset = atom / quoted: always quotable (a quoted string holds no CR,
    // LF or NUL, and an atom none of those either).
    out += "CHARSET \"";
    for (char c : *a.charset) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += "\" ";
  }
  for (std::size_t i = 0; i < a.program.children.size(); ++i) {
    if (i) out += ' ';
    write_key(out, a.program.children[i]);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  parser p(in, max_depth);
  auto a = read_search(p, max_depth);
  if (!a) {
    if (p.error().empty()) __builtin_trap();
    return 0;
  }
  if (a->program.children.empty()) __builtin_trap();
  // The program itself is one (implicit) level.
  if (depth_of(a->program) > max_depth + 1) __builtin_trap();
  std::string again = write_args(*a);
  parser q(again, max_depth);
  auto b = read_search(q, max_depth);
  // A charset sent as a literal is a string, as is any astring.
  if (!b) __builtin_trap();
  if (write_args(*b) != again) __builtin_trap();
  if (uses_saved(a->program) != uses_saved(b->program)) __builtin_trap();
  return 0;
}
