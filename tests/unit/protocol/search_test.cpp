#include "protocol/search.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/command.hpp"
#include "protocol/receiver.hpp"

using namespace cairn::proto;

namespace {

std::string set_text(const sequence_set& s) {
  if (s.saved) return "$";
  std::string out;
  for (const auto& r : s.ranges) {
    if (!out.empty()) out += ',';
    out += r.first == star ? "*" : std::to_string(r.first);
    if (r.last != r.first) out += ":" + (r.last == star ? std::string("*") : std::to_string(r.last));
  }
  return out;
}

// A canonical text form of a parsed key, to compare programs in tests.
std::string show(const search_key& k) {
  auto date = [&]() {
    return std::to_string(k.date.year) + "-" + std::to_string(k.date.month) + "-" + std::to_string(k.date.day);
  };
  switch (k.op) {
    case search_op::and_: {
      std::string out = "(";
      for (std::size_t i = 0; i < k.children.size(); ++i) out += (i ? " " : "") + show(k.children[i]);
      return out + ")";
    }
    case search_op::or_: return "OR " + show(k.children[0]) + " " + show(k.children[1]);
    case search_op::not_: return "NOT " + show(k.children[0]);
    case search_op::sequence: return "SEQ " + set_text(k.set);
    case search_op::uid: return "UID " + set_text(k.set);
    case search_op::all: return "ALL";
    case search_op::answered: return "ANSWERED";
    case search_op::deleted: return "DELETED";
    case search_op::draft: return "DRAFT";
    case search_op::flagged: return "FLAGGED";
    case search_op::seen: return "SEEN";
    case search_op::unanswered: return "UNANSWERED";
    case search_op::undeleted: return "UNDELETED";
    case search_op::undraft: return "UNDRAFT";
    case search_op::unflagged: return "UNFLAGGED";
    case search_op::unseen: return "UNSEEN";
    case search_op::recent: return "RECENT";
    case search_op::new_: return "NEW";
    case search_op::old: return "OLD";
    case search_op::keyword: return "KEYWORD " + k.text;
    case search_op::unkeyword: return "UNKEYWORD " + k.text;
    case search_op::before: return "BEFORE " + date();
    case search_op::on: return "ON " + date();
    case search_op::since: return "SINCE " + date();
    case search_op::sent_before: return "SENTBEFORE " + date();
    case search_op::sent_on: return "SENTON " + date();
    case search_op::sent_since: return "SENTSINCE " + date();
    case search_op::older: return "OLDER " + std::to_string(k.number);
    case search_op::younger: return "YOUNGER " + std::to_string(k.number);
    case search_op::larger: return "LARGER " + std::to_string(k.number);
    case search_op::smaller: return "SMALLER " + std::to_string(k.number);
    case search_op::modseq: return "MODSEQ[" + k.field + "][" + k.text + "] " + std::to_string(k.number);
    case search_op::bcc: return "BCC[" + k.text + "]";
    case search_op::body: return "BODY[" + k.text + "]";
    case search_op::cc: return "CC[" + k.text + "]";
    case search_op::from: return "FROM[" + k.text + "]";
    case search_op::subject: return "SUBJECT[" + k.text + "]";
    case search_op::text: return "TEXT[" + k.text + "]";
    case search_op::to: return "TO[" + k.text + "]";
    case search_op::header: return "HEADER[" + k.field + "][" + k.text + "]";
  }
  return "?";
}

std::string show(const search_args& a) {
  std::string out;
  if (a.ret) {
    out += "RETURN(";
    if (a.ret->min) out += "MIN ";
    if (a.ret->max) out += "MAX ";
    if (a.ret->all) out += "ALL ";
    if (a.ret->count) out += "COUNT ";
    if (a.ret->save) out += "SAVE ";
    out += ") ";
  }
  if (a.charset) out += "CHARSET[" + *a.charset + "] ";
  return out + show(a.program);
}

// Parses `args` (what follows "SEARCH ") and returns the canonical form, or
// "BAD: reason".
std::string parse(std::string_view args, unsigned depth = 100) {
  parser p(args, depth);
  auto a = read_search(p, depth);
  if (!a) return "BAD: " + p.error();
  return show(*a);
}

}  // namespace

TEST(Search, EveryKey) {
  struct {
    const char* in;
    const char* want;
  } cases[] = {
      {"ALL", "(ALL)"},
      {"answered DELETED Draft FLAGGED SEEN", "(ANSWERED DELETED DRAFT FLAGGED SEEN)"},
      {"UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN", "(UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN)"},
      {"RECENT NEW OLD", "(RECENT NEW OLD)"},
      {"KEYWORD $Junk UNKEYWORD foo", "(KEYWORD $Junk UNKEYWORD foo)"},
      {"BEFORE 1-Feb-1994 ON \"01-feb-1994\" SINCE 29-Feb-2000", "(BEFORE 1994-2-1 ON 1994-2-1 SINCE 2000-2-29)"},
      {"SENTBEFORE 1-Jan-2024 SENTON 31-Dec-1999 SENTSINCE 5-Mar-2010",
       "(SENTBEFORE 2024-1-1 SENTON 1999-12-31 SENTSINCE 2010-3-5)"},
      {"OLDER 3600 YOUNGER 259200", "(OLDER 3600 YOUNGER 259200)"},
      {"LARGER 0 SMALLER 9223372036854775807", "(LARGER 0 SMALLER 9223372036854775807)"},
      {"BCC a CC \"b c\" FROM {3}\r\nd e SUBJECT \"\" TEXT t TO to BODY b",
       "(BCC[a] CC[b c] FROM[d e] SUBJECT[] TEXT[t] TO[to] BODY[b])"},
      {"HEADER Message-ID \"<x@y>\" HEADER \"X-Empty\" \"\"", "(HEADER[Message-ID][<x@y>] HEADER[X-Empty][])"},
      {"1:3,5,*:7 UID 2:* $ UID $", "(SEQ 1:3,5,*:7 UID 2:* SEQ $ UID $)"},
      {"NOT SEEN", "(NOT SEEN)"},
      // RFC 7162 section 3.1.5's examples.
      {"MODSEQ \"/flags/\\\\draft\" all 620162338", "(MODSEQ[/flags/\\draft][ALL] 620162338)"},
      {"OR NOT MODSEQ 720162338 LARGER 50000", "(OR NOT MODSEQ[][] 720162338 LARGER 50000)"},
      {"MODSEQ 0", "(MODSEQ[][] 0)"},
      {"OR SEEN (FLAGGED DRAFT)", "(OR SEEN (FLAGGED DRAFT))"},
      {"OR OR SEEN FLAGGED NOT NOT DRAFT", "(OR OR SEEN FLAGGED NOT NOT DRAFT)"},
      {"(((ALL)))", "((((ALL))))"},
      // RFC 9051 section 6.4.4's examples.
      {"FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"", "(FLAGGED SINCE 1994-2-1 NOT FROM[Smith])"},
      {"RETURN (MIN COUNT) FLAGGED", "RETURN(MIN COUNT ) (FLAGGED)"},
      {"RETURN () FLAGGED", "RETURN(ALL ) (FLAGGED)"},
      {"RETURN (SAVE) KEYWORD $Junk", "RETURN(SAVE ) (KEYWORD $Junk)"},
      {"RETURN (min max all count save) ALL", "RETURN(MIN MAX ALL COUNT SAVE ) (ALL)"},
      {"CHARSET UTF-8 TEXT {12}\r\n\xd0\xbe\xd1\x82\xd0\xbf\xd1\x83\xd1\x81\xd0\xba",
       "CHARSET[UTF-8] (TEXT[\xd0\xbe\xd1\x82\xd0\xbf\xd1\x83\xd1\x81\xd0\xba])"},
      {"RETURN (SAVE) CHARSET \"KOI8-R\" (OR $ 1,3000:3021) TEXT x",
       "RETURN(SAVE ) CHARSET[KOI8-R] ((OR SEQ $ SEQ 1,3000:3021) TEXT[x])"},
  };
  for (const auto& c : cases) EXPECT_EQ(parse(c.in), c.want) << c.in;
}

TEST(Search, BadSearches) {
  struct {
    const char* in;
    const char* why;
  } cases[] = {
      {"", "Missing search key"},
      {"FOO", "Unknown search key FOO"},
      {"ALL FOO", "Unknown search key FOO"},
      {"BEFORE 31-Feb-2020", "Invalid date"},
      {"SINCE 1-Foo-2020", "Invalid date"},
      {"ON 1-Jan-20", "Invalid date"},
      {"ON \"1-Jan-2020", "Invalid date"},
      {"SINCE 1-Jan-20201", "Unexpected characters at the end of the command"},
      {"(SEEN", "Missing closing parenthesis"},
      {"SEEN)", "Unexpected characters at the end of the command"},
      {"()", "Invalid search key"},
      {"(SEEN FLAGGED", "Missing closing parenthesis"},
      {"NOT", "Missing arguments"},
      {"OR SEEN", "Missing arguments"},
      {"FROM", "Missing arguments"},
      {"HEADER Subject", "Missing arguments"},
      {"KEYWORD \\Seen", "Expected a keyword"},
      {"LARGER -1", "Expected a number"},
      {"OLDER 0", "Expected a non-zero number"},
      {"RETURN (FOO) ALL", "Unknown RETURN option FOO"},
      {"RETURN MIN ALL", "Expected '('"},
      {"RETURN (MIN)", "Missing arguments"},
      {"CHARSET", "Missing arguments"},
      {"SEEN  FLAGGED", "Invalid search key"},
      {"UID", "Missing arguments"},
      {"UID x", "Expected a number"},
      {"1:", "Missing arguments"},
      {"$,1", "Unexpected characters at the end of the command"},
      {"MODSEQ", "Missing arguments"},
      {"MODSEQ \"/other/x\" all 5", "Invalid MODSEQ entry name"},
      {"MODSEQ \"/flags/\\\\seen\" mine 5", "Invalid MODSEQ entry type"},
      {"MODSEQ \"/flags/\\\\seen\" all", "Missing arguments"},
  };
  for (const auto& c : cases) {
    std::string got = parse(c.in);
    ASSERT_EQ(got.substr(0, 5), "BAD: ") << c.in << " -> " << got;
    EXPECT_EQ(got.substr(5), c.why) << c.in;
  }
}

TEST(Search, NestingIsBounded) {
  auto nots = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "NOT ";
    return s + "SEEN";
  };
  auto parens = [](int n) { return std::string(static_cast<std::size_t>(n), '(') + "SEEN" + std::string(static_cast<std::size_t>(n), ')'); };
  auto ors = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "OR SEEN ";
    return s + "SEEN";
  };
  EXPECT_NE(parse(nots(10), 10).substr(0, 4), "BAD:");
  EXPECT_EQ(parse(nots(11), 10), "BAD: Search nested too deeply");
  EXPECT_NE(parse(parens(10), 10).substr(0, 4), "BAD:");
  EXPECT_EQ(parse(parens(11), 10).substr(0, 4), "BAD:");
  EXPECT_NE(parse(ors(10), 10).substr(0, 4), "BAD:");
  EXPECT_EQ(parse(ors(11), 10), "BAD: Search nested too deeply");
  // Mixed: each kind counts.
  EXPECT_EQ(parse("NOT (OR (NOT SEEN) SEEN)", 4), "BAD: Search nested too deeply");
  EXPECT_NE(parse("NOT (OR (NOT SEEN) SEEN)", 5).substr(0, 4), "BAD:");
  // A hostile depth far past the limit is refused without deep recursion.
  EXPECT_EQ(parse(nots(100000), 100), "BAD: Search nested too deeply");
  EXPECT_EQ(parse(parens(100000), 100).substr(0, 4), "BAD:");
}

TEST(Search, UsesSaved) {
  parser p("OR 1 (NOT UID $)");
  auto a = read_search(p);
  ASSERT_TRUE(a);
  EXPECT_TRUE(uses_saved(a->program));
  parser q("OR 1 (NOT UID 5)");
  auto b = read_search(q);
  ASSERT_TRUE(b);
  EXPECT_FALSE(uses_saved(b->program));
}

// The command as a client sends it, with literals, received at every split
// and byte by byte, parses to the same program (STYLE.md example 3).
TEST(Search, SameProgramWhateverTheSplit) {
  const std::string wire =
      "a1 UID SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR (FROM {5+}\r\nal ce SUBJECT \"q\\\"x\") "
      "NOT TEXT {4}\r\n\xf0\x9f\x98\x80 HEADER X-A {0}\r\n UNSEEN 1:*\r\n";
  auto parse_command = [](const std::string& cmd) {
    // "a1 UID SEARCH " then the arguments.
    std::string_view args(cmd);
    args.remove_prefix(std::string_view("a1 UID SEARCH ").size());
    return parse(args);
  };
  const std::string want =
      "RETURN(MIN COUNT ) CHARSET[UTF-8] (OR (FROM[al ce] SUBJECT[q\"x]) NOT TEXT[\xf0\x9f\x98\x80] "
      "HEADER[X-A][] UNSEEN SEQ 1:*)";
  auto run = [&](const std::vector<std::string_view>& pieces) {
    receiver r;
    std::vector<std::string> got;
    for (std::string_view in : pieces) {
      while (true) {
        auto e = r.feed(in);
        if (e == receiver_event::need_more) break;
        if (e == receiver_event::command) got.push_back(parse_command(r.take_command()));
        if (e == receiver_event::error) got.push_back("error " + r.error().text);
      }
    }
    return got;
  };
  for (std::size_t i = 0; i <= wire.size(); ++i) {
    std::string_view w(wire);
    auto got = run({w.substr(0, i), w.substr(i)});
    ASSERT_EQ(got.size(), 1u) << "split at " << i;
    EXPECT_EQ(got[0], want) << "split at " << i;
  }
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < wire.size(); ++i) bytes.push_back(std::string_view(wire).substr(i, 1));
  auto got = run(bytes);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], want);
}

// RFC 6855 section 4: APPEND's "UTF8 (" literal8 ")" data item, beside
// plain literals in one MULTIAPPEND.
TEST(AppendUtf8, DataExtension) {
  parser p("INBOX (\\Seen) UTF8 (~{3}\r\nabc) {2}\r\nde UTF8 (~{1+}\r\nf)");
  auto a = read_append(p);
  ASSERT_TRUE(a) << p.error();
  ASSERT_EQ(a->messages.size(), 3u);
  EXPECT_TRUE(a->messages[0].utf8);
  EXPECT_EQ(a->messages[0].data, "abc");
  EXPECT_EQ(a->messages[0].flags, std::vector<std::string>{"\\Seen"});
  EXPECT_FALSE(a->messages[1].utf8);
  EXPECT_EQ(a->messages[1].data, "de");
  EXPECT_TRUE(a->messages[2].utf8);
  for (const char* bad : {"INBOX UTF8 ({3}\r\nabc)", "INBOX UTF8 (~{3}\r\nabc", "INBOX UTF8 ~{3}\r\nabc",
                          "INBOX UTF8"}) {
    parser q(bad);
    EXPECT_FALSE(read_append(q)) << bad;
    EXPECT_FALSE(q.error().empty());
  }
}
