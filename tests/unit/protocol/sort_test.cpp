#include "protocol/sort.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/receiver.hpp"

using namespace cairn::proto;

namespace {

std::string show(const std::vector<sort_criterion>& cs) {
  std::string out;
  for (const auto& c : cs) {
    if (!out.empty()) out += ' ';
    if (c.reverse) out += "REVERSE ";
    out += name_of(c.key);
  }
  return out;
}

std::string show_ret(const std::optional<search_return>& r) {
  if (!r) return "-";
  std::string out;
  if (r->min) out += "MIN ";
  if (r->max) out += "MAX ";
  if (r->all) out += "ALL ";
  if (r->count) out += "COUNT ";
  if (r->save) out += "SAVE ";
  if (r->context) out += "CONTEXT ";
  if (r->update) out += "UPDATE ";
  if (r->partial) out += "PARTIAL " + std::to_string(r->partial->first) + ":" + std::to_string(r->partial->last) + " ";
  return out;
}

std::string sort_error(std::string_view in) {
  parser p(in);
  auto a = read_sort(p);
  EXPECT_FALSE(a) << in;
  return p.error();
}

}  // namespace

TEST(Sort, EveryKey) {
  parser p("(ARRIVAL cc DATE FROM REVERSE SIZE SUBJECT TO DISPLAYFROM reverse displayto) UTF-8 ALL");
  auto a = read_sort(p);
  ASSERT_TRUE(a) << p.error();
  EXPECT_EQ(show(a->criteria), "ARRIVAL CC DATE FROM REVERSE SIZE SUBJECT TO DISPLAYFROM REVERSE DISPLAYTO");
  EXPECT_EQ(a->charset, "UTF-8");
  EXPECT_FALSE(a->ret);
  ASSERT_EQ(a->program.children.size(), 1u);
  EXPECT_EQ(a->program.children[0].op, search_op::all);
}

TEST(Sort, ReturnOptionsAndProgram) {
  parser p("RETURN (MIN MAX COUNT PARTIAL 10:1 UPDATE CONTEXT) (DATE) \"us-ascii\" UNSEEN FROM \"x y\"");
  auto a = read_sort(p);
  ASSERT_TRUE(a) << p.error();
  EXPECT_EQ(show_ret(a->ret), "MIN MAX COUNT CONTEXT UPDATE PARTIAL 1:10 ");
  EXPECT_EQ(a->charset, "us-ascii");
  ASSERT_EQ(a->program.children.size(), 2u);
  EXPECT_EQ(a->program.children[1].text, "x y");
}

TEST(Sort, PartialRanges) {
  // RFC 9394: negative ranges count from the end; -100:-1 is -1:-100.
  parser p("RETURN (PARTIAL -100:-1) (SUBJECT) UTF-8 ALL");
  auto a = read_sort(p);
  ASSERT_TRUE(a) << p.error();
  EXPECT_EQ(a->ret->partial->first, -1);
  EXPECT_EQ(a->ret->partial->last, -100);
  EXPECT_EQ(sort_error("RETURN (PARTIAL 1:-5) (DATE) UTF-8 ALL"), "PARTIAL range mixes positive and negative positions");
  EXPECT_EQ(sort_error("RETURN (PARTIAL 0:5) (DATE) UTF-8 ALL").empty(), false);
  EXPECT_EQ(sort_error("RETURN (PARTIAL 1:*) (DATE) UTF-8 ALL").empty(), false);
  EXPECT_EQ(sort_error("RETURN (PARTIAL 1:5 ALL) (DATE) UTF-8 ALL"), "RETURN has both PARTIAL and ALL");
  EXPECT_EQ(sort_error("RETURN (PARTIAL 1:5 PARTIAL 6:7) (DATE) UTF-8 ALL"), "PARTIAL given twice");
}

TEST(Sort, EmptyReturnMeansAll) {
  parser p("RETURN () (DATE) UTF-8 ALL");
  auto a = read_sort(p);
  ASSERT_TRUE(a);
  EXPECT_EQ(show_ret(a->ret), "ALL ");
  parser q("RETURN (UPDATE) (DATE) UTF-8 ALL");
  auto b = read_sort(q);
  ASSERT_TRUE(b);
  EXPECT_EQ(show_ret(b->ret), "UPDATE ");  // not empty: no ALL
}

TEST(Sort, BadInput) {
  EXPECT_EQ(sort_error("() UTF-8 ALL"), "Empty sort criteria list");
  EXPECT_EQ(sort_error("(DATE SPAM) UTF-8 ALL"), "Unknown sort key SPAM");
  EXPECT_EQ(sort_error("(REVERSE) UTF-8 ALL"), "REVERSE needs a sort key");
  EXPECT_EQ(sort_error("(REVERSE REVERSE DATE) UTF-8 ALL"), "Unknown sort key REVERSE");
  EXPECT_EQ(sort_error("DATE UTF-8 ALL"), "Expected a list of sort criteria");
  EXPECT_FALSE(sort_error("(DATE) ALL").empty());  // the charset is mandatory: ALL is read as it, then no key
  EXPECT_FALSE(sort_error("(DATE)").empty());
  EXPECT_FALSE(sort_error("(DATE) UTF-8").empty());
  EXPECT_FALSE(sort_error("(DATE) UTF-8 NOSUCHKEY").empty());
  EXPECT_FALSE(sort_error("(DATE  SIZE) UTF-8 ALL").empty());
  EXPECT_FALSE(sort_error("(DATE) UTF-8 ALL ").empty());
  EXPECT_EQ(sort_error("RETURN (BOGUS) (DATE) UTF-8 ALL"), "Unknown RETURN option BOGUS");
}

TEST(Thread, Algorithms) {
  parser p("REFERENCES UTF-8 SINCE 1-Feb-1994");
  auto a = read_thread(p);
  ASSERT_TRUE(a) << p.error();
  EXPECT_EQ(a->algorithm, thread_algorithm::references);
  parser q("orderedsubject \"UTF-8\" ALL");
  auto b = read_thread(q);
  ASSERT_TRUE(b) << q.error();
  EXPECT_EQ(b->algorithm, thread_algorithm::orderedsubject);
  parser r("X-JWZ UTF-8 ALL");
  auto c = read_thread(r);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->algorithm, thread_algorithm::unknown);
  EXPECT_EQ(c->algorithm_name, "X-JWZ");
  for (std::string_view bad : {"", "REFERENCES", "REFERENCES UTF-8", "(REFERENCES) UTF-8 ALL", "REFERENCES UTF-8 (ALL"}) {
    parser x(bad);
    EXPECT_FALSE(read_thread(x)) << bad;
    EXPECT_FALSE(x.error().empty()) << bad;
  }
}

TEST(CancelUpdate, Tags) {
  parser p("\"B01\" \"x y\"");
  auto t = read_cancelupdate(p);
  ASSERT_TRUE(t) << p.error();
  EXPECT_EQ(*t, (std::vector<std::string>{"B01", "x y"}));
  for (std::string_view bad : {"", "B01", "\"B01\" ", "\"B01\"  \"B02\""}) {
    parser x(bad);
    EXPECT_FALSE(read_cancelupdate(x)) << bad;
  }
}

// Received at every split and byte by byte, the same arguments (STYLE.md
// example 3).
TEST(Sort, SameArgumentsWhateverTheSplit) {
  const std::string wire = "s1 UID SORT RETURN (COUNT PARTIAL -1:-9) (REVERSE DATE SUBJECT) UTF-8 SUBJECT {3+}\r\nabc UNSEEN\r\n";
  auto parse_command = [](const std::string& cmd) {
    std::string_view args(cmd);
    args.remove_prefix(std::string_view("s1 UID SORT ").size());
    parser p(args);
    auto a = read_sort(p);
    if (!a) return "error " + p.error();
    return show_ret(a->ret) + "|" + show(a->criteria) + "|" + a->charset + "|" + a->program.children[0].text;
  };
  const std::string want = "COUNT PARTIAL -1:-9 |REVERSE DATE SUBJECT|UTF-8|abc";
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
