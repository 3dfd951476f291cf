// store/sort.hpp: RFC 5256 base subjects, message IDs, SORT order and both
// threading algorithms on hand-made mailboxes.
#include "store/sort.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace cairn::store;

namespace {

std::string base(std::string_view s, bool* rf = nullptr) { return base_subject(s, rf); }

struct msg {
  uid_t uid;
  std::string subject;
  std::int64_t date = 0;  // sent date; 0: no Date:
  std::string message_id, references, in_reply_to;
  std::int64_t arrival = 0;
};

std::vector<sort_source> box(const std::vector<msg>& ms) {
  std::vector<sort_source> out;
  for (const auto& m : ms) {
    sort_source s;
    s.uid = m.uid;
    s.internal_date = {m.arrival, 0};
    if (!m.subject.empty()) s.keys.subject = m.subject;
    if (m.date) s.keys.date = zoned_time{m.date, 0};
    if (!m.message_id.empty()) s.keys.message_id = m.message_id;
    if (!m.references.empty()) s.keys.references = m.references;
    if (!m.in_reply_to.empty()) s.keys.in_reply_to = m.in_reply_to;
    out.push_back(std::move(s));
  }
  return out;
}

std::string threads(const thread_tree& t) {
  return format_threads(t, [](uid_t u) { return u; });
}

}  // namespace

TEST(BaseSubject, Rfc5256Rules) {
  bool rf = false;
  EXPECT_EQ(base("Re: hello", &rf), "hello");
  EXPECT_TRUE(rf);
  EXPECT_EQ(base("hello", &rf), "hello");
  EXPECT_FALSE(rf);
  EXPECT_EQ(base("RE: Re: re:hello"), "hello");
  EXPECT_EQ(base("Fwd: hello", &rf), "hello");
  EXPECT_TRUE(rf);
  EXPECT_EQ(base("FW: hello"), "hello");
  EXPECT_EQ(base("Re[2]: hello"), "hello");
  EXPECT_EQ(base("Re [2]: hello"), "hello");
  EXPECT_EQ(base("[list] Re: hello", &rf), "hello");
  EXPECT_TRUE(rf);
  // (4): a blob goes only when something is left after it.
  EXPECT_EQ(base("[list] hello", &rf), "hello");
  EXPECT_FALSE(rf);
  EXPECT_EQ(base("[list]"), "[list]");
  EXPECT_EQ(base("Re: [list]"), "[list]");
  EXPECT_EQ(base("[a][b] [c] hello"), "hello");
  // (2) trailers, repeatedly.
  EXPECT_EQ(base("hello (fwd)", &rf), "hello");
  EXPECT_TRUE(rf);
  EXPECT_EQ(base("hello (FWD) (fwd)  "), "hello");
  EXPECT_EQ(base("hello(fwd)"), "hello");
  // (6) [fwd: ...], then again from (2).
  EXPECT_EQ(base("[Fwd: Re: hello (fwd)]", &rf), "hello");
  EXPECT_TRUE(rf);
  EXPECT_EQ(base("[fwd: [fwd: hi]]"), "hi");
  EXPECT_EQ(base("[fwd: hi"), "[fwd: hi");
  // (1) white space, tabs, RFC 2047.
  EXPECT_EQ(base("  Re:\t  hello   world  "), "hello world");
  EXPECT_EQ(base("=?utf-8?q?Re=3A_Gr=C3=BC=C3=9Fe?="), "Grüße");
  EXPECT_EQ(base("=?iso-8859-1?q?Re:_=E9t=E9?="), "été");
  // Not leaders.
  EXPECT_EQ(base("Rex: hello"), "Rex: hello");
  EXPECT_EQ(base("Reply: hello"), "Reply: hello");
  EXPECT_EQ(base("re hello"), "re hello");
  EXPECT_EQ(base("Fwdd: x"), "Fwdd: x");
  EXPECT_EQ(base(""), "");
  EXPECT_EQ(base("Re:"), "");
  EXPECT_EQ(base("(fwd)"), "");
}

TEST(MessageIds, Normalised) {
  EXPECT_EQ(message_ids("<a@b> <c@d>"), (std::vector<std::string>{"a@b", "c@d"}));
  // RFC 5256: quoting must not make two IDs differ.
  EXPECT_EQ(message_ids("<\"01KF8JCEOCBS0045PS\"@xxx.yyy.com>"), (std::vector<std::string>{"01KF8JCEOCBS0045PS@xxx.yyy.com"}));
  EXPECT_EQ(message_ids("(comment) < a @ b (c) >"), (std::vector<std::string>{"a@b"}));
  EXPECT_EQ(message_ids("<broken <x@y>"), (std::vector<std::string>{"x@y"}));
  EXPECT_EQ(message_ids("no ids here"), (std::vector<std::string>{}));
  EXPECT_EQ(message_ids("<noat> <a@@b> <@b> <a@>"), (std::vector<std::string>{}));
  std::size_t pos = 0;
  EXPECT_EQ(next_message_id("<x@y> from someone <z@w>", pos), "x@y");
}

TEST(SortMessages, KeysReverseAndTies) {
  auto rows = box({{1, "b", 300, "", "", "", 5}, {2, "Re: a", 100, "", "", "", 4}, {3, "A", 300, "", "", "", 3},
                   {4, "", 0, "", "", "", 200}});
  rows[0].size = 10;
  rows[1].size = 30;
  rows[2].size = 10;
  rows[3].size = 20;
  auto sorted = [&](std::vector<order_criterion> c) { return sort_messages(rows, c); };
  // Empty subject first; "Re: a" and "A" share the base subject "a": mailbox order.
  EXPECT_EQ(sorted({{order_key::subject, false}}), (std::vector<uid_t>{4, 2, 3, 1}));
  // DATE falls back to the internal date (4 has none: 200).
  EXPECT_EQ(sorted({{order_key::date, false}}), (std::vector<uid_t>{2, 4, 1, 3}));
  // REVERSE does not reverse the implicit mailbox order among equals.
  EXPECT_EQ(sorted({{order_key::date, true}}), (std::vector<uid_t>{1, 3, 4, 2}));
  EXPECT_EQ(sorted({{order_key::size, false}}), (std::vector<uid_t>{1, 3, 4, 2}));
  EXPECT_EQ(sorted({{order_key::size, false}, {order_key::arrival, true}}), (std::vector<uid_t>{1, 3, 4, 2}));
  EXPECT_EQ(sorted({{order_key::size, false}, {order_key::arrival, false}}), (std::vector<uid_t>{3, 1, 4, 2}));
  EXPECT_EQ(sorted({{order_key::arrival, false}}), (std::vector<uid_t>{3, 2, 1, 4}));
}

TEST(SortMessages, Addresses) {
  auto rows = box({{1, ""}, {2, ""}, {3, ""}, {4, ""}, {5, ""}});
  rows[0].keys.from = "Zed <alpha@x.org>";
  rows[1].keys.from = "beta@x.org\n<zzz@second.from>";  // only the first field counts
  rows[2].keys.from = "=?utf-8?q?=C3=84rger?= <Gamma@x.org>";
  // 4: no From: at all (the empty string, first)
  rows[4].keys.from = "team: a@x.org, b@x.org;";  // a group: its name
  EXPECT_EQ(sort_messages(rows, {{order_key::from, false}}), (std::vector<uid_t>{4, 1, 2, 3, 5}));
  // DISPLAYFROM: the decoded name, else mailbox@host, else the group name;
  // "Ärger" folds to "A" U+0308 (titlecase, NFKD), so before "BETA@X.ORG".
  EXPECT_EQ(sort_messages(rows, {{order_key::display_from, false}}), (std::vector<uid_t>{4, 3, 2, 5, 1}));
}

TEST(OrderedSubject, Rfc5256Shape) {
  // Threads by base subject; in a thread the first (by date) is the root,
  // the rest its children; threads by their first message's date.
  auto rows = box({{1, "b", 50}, {2, "a", 10}, {3, "Re: a", 30}, {4, "c", 5}, {5, "Re: b", 60}, {6, "a", 20}});
  EXPECT_EQ(threads(thread_orderedsubject(rows)), " (4)(2 (6)(3))(1 5)");
  EXPECT_EQ(threads(thread_orderedsubject(std::vector<sort_source>{})), "");
}

TEST(References, ChainsAndMissingParents) {
  // 1 <- 2 <- 3, and 4 answers a message that is not here (5 too: siblings
  // under a dummy that stays, as it has two children at the top).
  auto rows = box({
      {1, "topic", 10, "<1@x>"},
      {2, "Re: topic", 20, "<2@x>", "<1@x>"},
      {3, "Re: topic", 30, "<3@x>", "<1@x> <2@x>"},
      {4, "other", 40, "<4@x>", "<gone@x>"},
      {5, "different", 50, "<5@x>", "<gone@x>"},
  });
  EXPECT_EQ(threads(thread_references(rows)), " (1 2 3)((4)(5))");
}

TEST(References, InReplyToWhenNoReferences) {
  auto rows = box({
      {1, "a", 10, "<1@x>"},
      {2, "b", 20, "<2@x>", "", "<1@x> (mail from x)"},
      {3, "c", 30, "<3@x>", "no ids", "<2@x>"},
  });
  EXPECT_EQ(threads(thread_references(rows)), " (1 2 3)");
}

TEST(References, DuplicateMessageIds) {
  // The second <1@x> gets an ID of its own: replies attach to the first.
  auto rows = box({
      {1, "a", 10, "<1@x>"},
      {2, "b", 20, "<1@x>"},
      {3, "c", 30, "<3@x>", "<1@x>"},
  });
  EXPECT_EQ(threads(thread_references(rows)), " (1 3)(2)");
}

TEST(References, Cycles) {
  // 1 says its parent is 2, 2 says its parent is 1: the second link would
  // close a loop and is not made (step 1.B), so 2 stays the root.
  auto rows = box({
      {1, "a", 10, "<1@x>", "<2@x>"},
      {2, "b", 20, "<2@x>", "<1@x>"},
  });
  EXPECT_EQ(threads(thread_references(rows)), " (2 1)");
  // A message that references itself.
  auto self = box({{1, "a", 10, "<1@x>", "<1@x>"}});
  EXPECT_EQ(threads(thread_references(self)), " (1)");
  // A loop inside References: <a> <b> <a>.
  auto inner = box({{1, "s", 10, "<m@x>", "<a@x> <b@x> <a@x>"}, {2, "t", 20, "<a@x>"}});
  EXPECT_EQ(threads(thread_references(inner)), " (2 1)");
}

TEST(References, TruncatedReferencesReplaceParent) {
  // 4's References say 1 then 3, but 3 has its parent 2 from its own
  // header: an existing link stays (step 1.A).
  auto rows = box({
      {1, "a", 10, "<1@x>"},
      {2, "b", 20, "<2@x>"},
      {3, "c", 30, "<3@x>", "<2@x>"},
      {4, "d", 40, "<4@x>", "<1@x> <3@x>"},
  });
  EXPECT_EQ(threads(thread_references(rows)), " (1)(2 3 4)");
}

TEST(References, SubjectMerging) {
  // Step 5: same base subject at the top. A reply joins the original as
  // its child; two non-replies get a dummy parent.
  auto rows = box({
      {1, "hello", 10, "<1@x>"},
      {2, "Re: hello", 20, "<2@x>"},
      {3, "news", 30, "<3@x>"},
      {4, "news", 40, "<4@x>"},
      {5, "", 50, "<5@x>"},
      {6, "", 60, "<6@x>"},
  });
  EXPECT_EQ(threads(thread_references(rows)), " (1 2)((3)(4))(5)(6)");
}

TEST(References, DummyPromotionAndSorting) {
  // 2 and 3 both answer the missing <0@x>; 3 is older, so it comes first
  // under the dummy, which sorts at the top by it.
  auto rows = box({
      {1, "z", 100, "<1@x>"},
      {2, "y", 60, "<2@x>", "<0@x>"},
      {3, "w", 50, "<3@x>", "<0@x>"},
  });
  EXPECT_EQ(threads(thread_references(rows)), " ((3)(2))(1)");
  // A dummy with one child at the top is replaced by the child.
  auto one = box({{1, "z", 100, "<1@x>", "<0@x>"}});
  EXPECT_EQ(threads(thread_references(one)), " (1)");
  // A dummy in the middle of a chain goes, its child takes its place.
  auto mid = box({{1, "a", 10, "<1@x>"}, {2, "b", 20, "<2@x>", "<1@x> <missing@x> <2x@x>"}});
  EXPECT_EQ(threads(thread_references(mid)), " (1 2)");
}

TEST(References, LongChainNoRecursion) {
  std::vector<msg> ms;
  std::string refs;
  for (uid_t i = 1; i <= 20000; ++i) {
    ms.push_back({i, "Re: long", static_cast<std::int64_t>(i), "<" + std::to_string(i) + "@x>", refs});
    refs = "<" + std::to_string(i) + "@x>";
  }
  auto out = threads(thread_references(box(ms)));
  EXPECT_EQ(out.substr(0, 8), " (1 2 3 ");
  EXPECT_EQ(out.substr(out.size() - 7), " 20000)");
}
