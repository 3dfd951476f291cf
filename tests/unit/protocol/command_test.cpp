#include "protocol/command.hpp"

#include <gtest/gtest.h>

#include "protocol/datetime.hpp"
#include "protocol/list_pattern.hpp"
#include "protocol/sequence_set.hpp"
#include "protocol/writer.hpp"

using namespace cairn::proto;

namespace {
template <class F>
auto parse(std::string_view text, F f) {
  parser p(text);
  return std::make_pair(f(p), p.error());
}
}  // namespace

TEST(Parser, Strings) {
  parser p("atom \"quo\\\"ted\\\\\" {3}\r\nlit NIL \"\"");
  EXPECT_EQ(*p.astring(), "atom");
  ASSERT_TRUE(p.sp());
  EXPECT_EQ(*p.astring(), "quo\"ted\\");
  ASSERT_TRUE(p.sp());
  EXPECT_EQ(*p.astring(), "lit");
  ASSERT_TRUE(p.sp());
  bool nil = false;
  EXPECT_TRUE(p.nstring(nil));
  EXPECT_TRUE(nil);
  ASSERT_TRUE(p.sp());
  EXPECT_EQ(*p.astring(), "");
  EXPECT_TRUE(p.at_end());
}

TEST(Parser, RejectsBadStrings) {
  for (const char* bad : {"\"unterminated", "\"bad\\escape\"", "{3}\r\nab", "{x}\r\n", "(paren", "\"a\nb\""}) {
    parser p(bad);
    EXPECT_FALSE(p.astring()) << bad;
    EXPECT_TRUE(p.failed());
    EXPECT_FALSE(p.error().empty());
  }
}

TEST(Parser, Numbers) {
  parser p("0 4294967295 4294967296 9223372036854775807 9223372036854775808");
  EXPECT_EQ(*p.number(), 0u);
  p.sp();
  EXPECT_EQ(*p.nz_number(), 4294967295u);
  p.sp();
  EXPECT_FALSE(p.number());
  parser q("9223372036854775807 9223372036854775808");
  EXPECT_EQ(*q.number64(), 9223372036854775807ull);
  q.sp();
  EXPECT_FALSE(q.number64());
  parser z("0");
  EXPECT_FALSE(z.nz_number());
}

TEST(Parser, NestingIsBounded) {
  std::string deep(200, '(');
  parser p(deep, 100);
  bool ok = true;
  for (int i = 0; i < 200 && ok; ++i) ok = p.open_list();
  EXPECT_FALSE(ok);
  EXPECT_EQ(p.error(), "Nested too deeply");
}

TEST(Parser, ListDepth) {
  EXPECT_EQ(list_depth("a NOOP", 10), 0u);
  EXPECT_EQ(list_depth("a FETCH 1 (UID (X))", 10), 2u);
  EXPECT_EQ(list_depth("a X ((()) ())", 10), 3u);
  // Quoted strings (escapes included) and literals do not count.
  EXPECT_EQ(list_depth("a X \"(((\" (a)", 10), 1u);
  EXPECT_EQ(list_depth("a X \"\\\"(((\" (a)", 10), 1u);
  EXPECT_EQ(list_depth("a X {3}\r\n((( (b)", 10), 1u);
  EXPECT_EQ(list_depth("a X {3+}\r\n((( ((b))", 10), 2u);
  // Not a literal without its CRLF; a literal longer than the command.
  EXPECT_EQ(list_depth("a X {3} (((", 10), 3u);
  EXPECT_EQ(list_depth("a X {99}\r\n(((", 10), 0u);
  // Unbalanced closing parentheses do not go below zero.
  EXPECT_EQ(list_depth("a X ))) ((", 10), 2u);
  // Counting stops past the cap.
  EXPECT_EQ(list_depth(std::string(1000, '('), 5), 6u);
}

TEST(Parser, MissingArguments) {
  auto [a, e] = parse("", [](parser& p) { return p.astring(); });
  EXPECT_FALSE(a);
  EXPECT_EQ(e, "Missing arguments");
  auto [l, e2] = parse("", [](parser& p) { return read_login(p); });
  EXPECT_FALSE(l);
  EXPECT_EQ(e2, "Missing arguments");
  auto [l2, e3] = parse("alice", [](parser& p) { return read_login(p); });
  EXPECT_FALSE(l2);
  EXPECT_EQ(e3, "Missing arguments");
  auto [f, e4] = parse("1", [](parser& p) { return read_fetch(p); });
  EXPECT_FALSE(f);
  EXPECT_EQ(e4, "Missing arguments");
}

TEST(Commands, Login) {
  auto [a, e] = parse("alice {6}\r\nsecret", read_login);
  ASSERT_TRUE(a) << e;
  EXPECT_EQ(a->user, "alice");
  EXPECT_EQ(a->password, "secret");
  auto [b, e2] = parse("alice", read_login);
  EXPECT_FALSE(b);
  auto [c, e3] = parse("alice pw extra", read_login);
  EXPECT_FALSE(c);
  EXPECT_EQ(e3, "Unexpected extra arguments");
}

TEST(Commands, AuthenticateWithSaslIr) {
  auto [a, e] = parse("plain AGFsaWNlAHNlY3JldA==", read_authenticate);
  ASSERT_TRUE(a) << e;
  EXPECT_EQ(a->mechanism, "PLAIN");
  EXPECT_EQ(*a->initial, "AGFsaWNlAHNlY3JldA==");
  auto [b, e2] = parse("PLAIN =", read_authenticate);
  ASSERT_TRUE(b);
  EXPECT_EQ(*b->initial, "");
  auto [c, e3] = parse("PLAIN", read_authenticate);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->initial);
}

TEST(Commands, Id) {
  auto [a, e] = parse("(\"name\" \"sodr\" \"version\" NIL)", read_id);
  ASSERT_TRUE(a) << e;
  ASSERT_EQ(a->fields.size(), 2u);
  EXPECT_EQ(a->fields[0].first, "name");
  EXPECT_EQ(*a->fields[0].second, "sodr");
  EXPECT_FALSE(a->fields[1].second);
  EXPECT_TRUE(parse("NIL", read_id).first);
  EXPECT_TRUE(parse("()", read_id).first);
  std::string many = "(";
  for (int i = 0; i < 31; ++i) many += "\"k" + std::to_string(i) + "\" \"v\" ";
  many.back() = ')';
  EXPECT_FALSE(parse(many, read_id).first);
}

TEST(Commands, Select) {
  auto [a, e] = parse("INBOX (CONDSTORE)", read_select);
  ASSERT_TRUE(a) << e;
  EXPECT_TRUE(a->condstore);
  auto [b, e2] = parse("INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))", read_select);
  ASSERT_TRUE(b) << e2;
  ASSERT_TRUE(b->qresync);
  EXPECT_EQ(b->qresync->uidvalidity, 67890007u);
  EXPECT_EQ(b->qresync->modseq, 20050715194045000ull);
  EXPECT_EQ(b->qresync->known_uids->ranges.size(), 3u);
  auto [c, e3] = parse("INBOX (QRESYNC (1 2 1:5 (1:3 10,20,30)))", read_select);
  ASSERT_TRUE(c) << e3;
  EXPECT_TRUE(c->qresync->seq_match);
  auto [d, e4] = parse("INBOX (QRESYNC (1 2 (1:3 10,20,30)))", read_select);
  ASSERT_TRUE(d) << e4;
  EXPECT_FALSE(d->qresync->known_uids);
  EXPECT_TRUE(d->qresync->seq_match);
  EXPECT_FALSE(parse("INBOX (BOGUS)", read_select).first);
  EXPECT_FALSE(parse("INBOX (QRESYNC (0 1))", read_select).first);
}

TEST(Commands, List) {
  auto [a, e] = parse("\"\" *", read_list);
  ASSERT_TRUE(a) << e;
  EXPECT_FALSE(a->extended);
  EXPECT_EQ(a->patterns, std::vector<std::string>{"*"});
  auto [b, e2] = parse("(SUBSCRIBED RECURSIVEMATCH) \"\" (\"%\" Work/%) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))",
                       read_list);
  ASSERT_TRUE(b) << e2;
  EXPECT_TRUE(b->extended);
  EXPECT_EQ(b->selection, (std::vector<std::string>{"SUBSCRIBED", "RECURSIVEMATCH"}));
  EXPECT_EQ(b->patterns, (std::vector<std::string>{"%", "Work/%"}));
  EXPECT_EQ(b->returns, (std::vector<std::string>{"CHILDREN", "STATUS"}));
  EXPECT_EQ(b->status_items, (std::vector<std::string>{"MESSAGES", "UNSEEN"}));
  auto [c, e3] = parse("() \"\" % RETURN ()", read_list);
  ASSERT_TRUE(c) << e3;
  EXPECT_TRUE(c->extended);
  EXPECT_FALSE(parse("\"\" % BOGUS", read_list).first);
  EXPECT_TRUE(parse("\"\" foo]bar", read_list).first);
}

TEST(Commands, AppendSeveral) {
  std::string cmd = "Drafts (\\Seen $Label1) \" 7-Feb-1994 21:52:25 -0800\" {5}\r\nhello {3+}\r\nbye";
  auto [a, e] = parse(cmd, read_append);
  ASSERT_TRUE(a) << e;
  ASSERT_EQ(a->messages.size(), 2u);
  EXPECT_EQ(a->messages[0].flags, (std::vector<std::string>{"\\Seen", "$Label1"}));
  ASSERT_TRUE(a->messages[0].date);
  EXPECT_EQ(a->messages[0].date->offset_minutes, -480);
  EXPECT_EQ(format_date_time(*a->messages[0].date), "07-Feb-1994 21:52:25 -0800");
  EXPECT_EQ(a->messages[0].data, "hello");
  EXPECT_EQ(a->messages[1].data, "bye");
  EXPECT_FALSE(parse("INBOX \"hello\"", read_append).first);
  EXPECT_FALSE(parse("INBOX (\\Recent) {1}\r\nx", read_append).first);
  EXPECT_FALSE(parse("INBOX \"31-Feb-2020 00:00:00 +0000\" {1}\r\nx", read_append).first);
}

TEST(Commands, FetchAttributes) {
  auto [a, e] = parse("1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (From subject)]<0.100> BODY[1.2.MIME] "
                      "BINARY.PEEK[2]<5.10> BINARY.SIZE[1] RFC822.SIZE BODYSTRUCTURE) (CHANGEDSINCE 12345)",
                      read_fetch);
  ASSERT_TRUE(a) << e;
  ASSERT_EQ(a->atts.size(), 8u);
  EXPECT_EQ(a->atts[2].response_name(), "BODY[HEADER.FIELDS (FROM SUBJECT)]<0>");
  EXPECT_TRUE(a->atts[2].peek);
  EXPECT_EQ(a->atts[3].response_name(), "BODY[1.2.MIME]");
  EXPECT_EQ(a->atts[4].response_name(), "BINARY[2]<5>");
  EXPECT_EQ(a->atts[5].response_name(), "BINARY.SIZE[1]");
  EXPECT_EQ(*a->changed_since, 12345u);
  auto [b, e2] = parse("1 ALL", read_fetch);
  ASSERT_TRUE(b) << e2;
  EXPECT_EQ(b->atts.size(), 4u);
  auto [c, e3] = parse("1 BODY[]", read_fetch);
  ASSERT_TRUE(c) << e3;
  EXPECT_EQ(c->atts[0].response_name(), "BODY[]");
  for (const char* bad : {"1 BODY[MIME]", "1 BODY[1.]", "1 BODY[0]", "1 BINARY[HEADER]", "1 BODY[]<0.0>",
                          "1 BOGUS", "1 (UID", "1 BODY[HEADER.FIELDS ()]", "x UID", "1 (UID) (BOGUS)",
                          "1 BODY[HEADER.FIELDS ({3}\r\na\nb)]"}) {
    EXPECT_FALSE(parse(bad, read_fetch).first) << bad;
  }
}

TEST(Commands, Store) {
  auto [a, e] = parse("2:4 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted $Junk)", read_store);
  ASSERT_TRUE(a) << e;
  EXPECT_EQ(a->mode, store_mode::add);
  EXPECT_TRUE(a->silent);
  EXPECT_EQ(*a->unchanged_since, 320162338u);
  EXPECT_EQ(a->flags, (std::vector<std::string>{"\\Deleted", "$Junk"}));
  auto [b, e2] = parse("1 -FLAGS \\seen \\Flagged", read_store);
  ASSERT_TRUE(b) << e2;
  EXPECT_EQ(b->flags, (std::vector<std::string>{"\\Seen", "\\Flagged"}));
  EXPECT_FALSE(parse("1 FLAGS (\\Recent)", read_store).first);
  EXPECT_FALSE(parse("1 XFLAGS (\\Seen)", read_store).first);
}

TEST(SequenceSet, ParseAndResolve) {
  parser p("1:3,5,*:7,9:*");
  auto s = read_sequence_set(p);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->has_star());
  EXPECT_EQ(to_string(resolve(*s, 12)), "1:3,5,7:12");
  EXPECT_EQ(to_string(resolve(*s, 4)), "1:9");  // "*:7" is 4:7 and "9:*" is 4:9 on 4 messages
  parser q("$");
  EXPECT_TRUE(read_sequence_set(q)->saved);
  for (const char* bad : {"0", "1:", ":1", "1,,2", "a", "4294967296"}) {
    parser b(bad);
    auto r = read_sequence_set(b);
    EXPECT_TRUE(!r || !b.at_end()) << bad;
  }
  parser e("*");
  EXPECT_TRUE(resolve(*read_sequence_set(e), 0).empty());  // "*" in an empty mailbox
}

TEST(SequenceSet, Helpers) {
  number_ranges r = merge({{5, 9}, {1, 2}, {3, 4}, {20, 20}});
  EXPECT_EQ(to_string(r), "1:9,20");
  EXPECT_TRUE(contains(r, 9));
  EXPECT_FALSE(contains(r, 10));
  EXPECT_EQ(count(r), 10u);
  EXPECT_EQ(to_string(clip(r, 6)), "1:6");
  EXPECT_EQ(to_string(from_sorted({1, 2, 3, 7, 8, 10})), "1:3,7:8,10");
}

TEST(DateTime, RoundTripAndErrors) {
  parser p("\"17-Jul-1996 02:44:25 -0700\"");
  auto t = read_date_time(p);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->unix_seconds, 837596665);
  EXPECT_EQ(format_date_time(*t), "17-Jul-1996 02:44:25 -0700");
  parser q("\" 1-Jan-2000 00:00:00 +0000\"");
  ASSERT_TRUE(read_date_time(q));
  for (const char* bad : {"\"1-Jan-2000 00:00:00 +0000\"", "\"01-Jan-2000 24:00:00 +0000\"",
                          "\"29-Feb-2001 00:00:00 +0000\"", "\"01-Foo-2000 00:00:00 +0000\"",
                          "\"01-Jan-2000 00:00:00 0000\"", "01-Jan-2000"}) {
    parser b(bad);
    EXPECT_FALSE(read_date_time(b)) << bad;
  }
  parser d("1-Feb-1994");
  auto cd = read_date(d);
  ASSERT_TRUE(cd);
  EXPECT_EQ(cd->year, 1994);
  EXPECT_EQ(cd->month, 2);
  EXPECT_EQ(cd->day, 1);
  parser dq("\"29-Feb-2024\"");
  EXPECT_TRUE(read_date(dq));
  EXPECT_TRUE(dq.at_end());
  EXPECT_EQ(format_date_time({0, 0}), "01-Jan-1970 00:00:00 +0000");
  EXPECT_EQ(format_date_time({-1, 60}), "01-Jan-1970 00:59:59 +0100");
}

TEST(ListPattern, Wildcards) {
  list_matcher star("*"), pct("%"), sub("Work/%"), mid("W*k/%s");
  EXPECT_TRUE(star.matches("a/b/c"));
  EXPECT_TRUE(pct.matches("INBOX"));
  EXPECT_FALSE(pct.matches("a/b"));
  EXPECT_TRUE(sub.matches("Work/x"));
  EXPECT_TRUE(sub.matches("Work/"));
  EXPECT_FALSE(sub.matches("Work/x/y"));
  EXPECT_TRUE(mid.matches("Work/docs"));
  EXPECT_TRUE(mid.matches("Wk/a/b/k/s"));
  EXPECT_FALSE(mid.matches("Work/a/s"));
  list_matcher exact("INBOX");
  EXPECT_FALSE(exact.matches("INBOX/x"));
  // Pathological patterns stay linear.
  std::string evil;
  for (int i = 0; i < 500; ++i) evil += "%a";
  list_matcher e(evil);
  EXPECT_FALSE(e.matches(std::string(1000, 'a') + "b"));
  EXPECT_EQ(canonical_inbox("inbox/Sub"), "INBOX/Sub");
  EXPECT_EQ(canonical_inbox("inboxes"), "inboxes");
  EXPECT_EQ(join_reference("Work/", "%"), "Work/%");
  EXPECT_EQ(join_reference("Work/", "/abs"), "/abs");
}

TEST(Writer, ChoosesTheRightForm) {
  auto as = [](std::string_view s, text_mode m = {}) {
    std::string out;
    append_astring(out, s, m);
    return out;
  };
  EXPECT_EQ(as("INBOX"), "INBOX");
  EXPECT_EQ(as("a]b"), "a]b");
  EXPECT_EQ(as("NIL"), "\"NIL\"");
  EXPECT_EQ(as(""), "\"\"");
  EXPECT_EQ(as("with space"), "\"with space\"");
  EXPECT_EQ(as("q\"b\\"), "\"q\\\"b\\\\\"");
  EXPECT_EQ(as("line\r\nbreak"), "{11}\r\nline\r\nbreak");
  EXPECT_EQ(as("Entw\xc3\xbcrfe"), "{9}\r\nEntw\xc3\xbcrfe");
  EXPECT_EQ(as("Entw\xc3\xbcrfe", {true}), "\"Entw\xc3\xbcrfe\"");
  EXPECT_EQ(as("bad\xff", {true}), "{4}\r\nbad\xff");
  std::string out;
  append_string(out, std::string("a\0b", 3));
  EXPECT_EQ(out, "{3}\r\na\x80" "b");
  out.clear();
  append_nstring(out, std::nullopt);
  EXPECT_EQ(out, "NIL");
}
