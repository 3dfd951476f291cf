// Mailboxes: create, list, delete, rename, subscriptions, provision,
// UIDVALIDITY rules and change events.
#include <gtest/gtest.h>

#include <mutex>

#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {
std::vector<std::string> names(const std::vector<mailbox_info>& v) {
  std::vector<std::string> out;
  for (const auto& m : v) out.push_back(m.name);
  return out;
}
}  // namespace

TEST_F(store_test, CreateFindAndListInByteOrder) {
  auto b = acct_->create_mailbox("b", "");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->uidnext, 1u);
  EXPECT_EQ(b->recent_floor, 1u);
  EXPECT_NE(b->uidvalidity, 0u);
  make_box("a/b");
  make_box("B");
  make_box("a");
  make_box("\xc3\xa9");
  auto all = acct_->mailboxes();
  ASSERT_TRUE(all);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"B", "a", "a/b", "b", "\xc3\xa9"}));

  auto by_name = acct_->mailbox("b");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->id, b->id);
  auto by_id = acct_->mailbox(b->id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->name, "b");
  EXPECT_EQ(by_id->uidvalidity, b->uidvalidity);

  EXPECT_EQ(acct_->create_mailbox("b", "").error(), errc::already_exists);
  EXPECT_EQ(acct_->mailbox("nope").error(), errc::not_found);
  EXPECT_EQ(acct_->mailbox(mailbox_id{9999}).error(), errc::not_found);
  EXPECT_EQ(acct_->counts(9999).error(), errc::not_found);
  EXPECT_EQ(acct_->keywords(9999).error(), errc::not_found);
}

TEST_F(store_test, UidvalidityIsNewForEveryIncarnationOfAName) {
  auto first = acct_->create_mailbox("X", "");
  ASSERT_TRUE(first);
  auto other = acct_->create_mailbox("Y", "");
  ASSERT_TRUE(other);
  EXPECT_NE(first->uidvalidity, other->uidvalidity);
  ASSERT_TRUE(acct_->delete_mailbox("X"));
  auto second = acct_->create_mailbox("X", "");
  ASSERT_TRUE(second);
  EXPECT_GT(second->uidvalidity, first->uidvalidity);
  EXPECT_GT(second->uidvalidity, other->uidvalidity);
  EXPECT_NE(second->id, first->id);  // ids are never reused either

  // Also after the store is closed and opened again.
  ASSERT_TRUE(acct_->delete_mailbox("X"));
  reopen();
  open_account();
  auto third = acct_->create_mailbox("X", "");
  ASSERT_TRUE(third);
  EXPECT_GT(third->uidvalidity, second->uidvalidity);
}

TEST_F(store_test, DeleteRules) {
  make_box("INBOX");
  make_box("p");
  make_box("p/c");
  EXPECT_EQ(acct_->delete_mailbox("INBOX").error(), errc::cannot);
  EXPECT_EQ(acct_->delete_mailbox("nope").error(), errc::not_found);
  ASSERT_TRUE(acct_->delete_mailbox("p"));
  auto all = acct_->mailboxes();
  ASSERT_TRUE(all);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"INBOX", "p/c"}));  // children stay
  EXPECT_EQ(acct_->delete_mailbox("p").error(), errc::not_found);
}

TEST_F(store_test, DeleteReleasesBlobsAndForgetsMessages) {
  auto box = make_box("Old");
  add(box, {"one\r\n", "two\r\n"}, with(0, {"kw"}));
  auto msgs = live(box);
  ASSERT_EQ(msgs.size(), 2u);
  for (const auto& m : msgs) EXPECT_TRUE(blob_file_exists(m.blob.hash));
  ASSERT_TRUE(acct_->delete_mailbox("Old"));
  for (const auto& m : msgs) EXPECT_FALSE(blob_file_exists(m.blob.hash));
  EXPECT_EQ(acct_->messages(box).error(), errc::not_found);
  EXPECT_EQ(acct_->messages_any(box, {{1, 10}}).error(), errc::not_found);
  // A new mailbox of the same name starts empty, without the old keywords.
  auto again = make_box("Old");
  EXPECT_TRUE(live(again).empty());
  auto kw = acct_->keywords(again);
  ASSERT_TRUE(kw);
  EXPECT_TRUE(kw->empty());
}

TEST_F(store_test, RenameMovesChildrenAndKeepsIdentity) {
  auto a = acct_->create_mailbox("a", "\\Archive");
  ASSERT_TRUE(a);
  auto ab = make_box("a/b");
  make_box("a/b/c");
  make_box("ab");   // not a child of "a"
  make_box("a0");   // sorts right after "a/"
  add1(ab, "msg\r\n");
  ASSERT_TRUE(acct_->set_subscribed("a", true));

  ASSERT_TRUE(acct_->rename_mailbox("a", "z"));
  auto all = acct_->mailboxes();
  ASSERT_TRUE(all);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"a0", "ab", "z", "z/b", "z/b/c"}));
  auto z = acct_->mailbox("z");
  ASSERT_TRUE(z);
  EXPECT_EQ(z->id, a->id);
  EXPECT_EQ(z->uidvalidity, a->uidvalidity);
  EXPECT_EQ(z->special_use, "\\Archive");
  EXPECT_EQ(live_uids(ab), (std::vector<uid_t>{1}));
  EXPECT_EQ(info(ab).name, "z/b");
  // RFC 9051 section 6.3.6: subscriptions are not renamed.
  auto subs = acct_->subscriptions();
  ASSERT_TRUE(subs);
  EXPECT_EQ(*subs, (std::vector<std::string>{"a"}));
}

TEST_F(store_test, RenameRefusals) {
  make_box("a");
  make_box("a/x");
  make_box("b");
  make_box("c");
  make_box("c/x");
  EXPECT_EQ(acct_->rename_mailbox("a", "b").error(), errc::already_exists);
  EXPECT_EQ(acct_->rename_mailbox("a", "a").error(), errc::already_exists);
  EXPECT_EQ(acct_->rename_mailbox("a", "c").error(), errc::already_exists);
  EXPECT_EQ(acct_->rename_mailbox("nope", "d").error(), errc::not_found);
  EXPECT_EQ(acct_->rename_mailbox("a", "a/y").error(), errc::cannot);
  // "a/x" -> "c/x" would collide with the child of a rename to "c"...
  ASSERT_TRUE(acct_->delete_mailbox("c"));
  EXPECT_EQ(acct_->rename_mailbox("a", "c").error(), errc::already_exists);
  // ...and nothing moved.
  auto all = acct_->mailboxes();
  ASSERT_TRUE(all);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"a", "a/x", "b", "c/x"}));
}

TEST_F(store_test, RenameParentThatIsNotAMailbox) {
  // RFC 9051 section 6.3.6's example renames a \Noselect "foo".
  make_box("foo/bar");
  ASSERT_TRUE(acct_->rename_mailbox("foo", "zowie"));
  auto all = acct_->mailboxes();
  ASSERT_TRUE(all);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"zowie/bar"}));
}

TEST_F(store_test, RenameToAnAncestorSwapsNamesSafely) {
  make_box("a/b");
  make_box("a/b/b");
  ASSERT_TRUE(acct_->rename_mailbox("a/b", "a"));
  auto all = acct_->mailboxes();
  ASSERT_TRUE(all);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"a", "a/b"}));
}

class small_names_store_test : public store_test {
  void customize(embedded_options& o) override {
    o.mailbox_name_bytes = 8;
    o.mailbox_depth = 3;
  }
};

TEST_F(small_names_store_test, RenameKeepsChildrenWithinLimits) {
  make_box("a");
  make_box("a/bcd");
  make_box("e/f");
  EXPECT_EQ(acct_->rename_mailbox("a", "longer").error(), errc::too_large);  // "longer/bcd"
  EXPECT_EQ(acct_->rename_mailbox("e", "x/y/z").error(), errc::too_deep);   // "x/y/z/f"
  EXPECT_TRUE(acct_->rename_mailbox("e", "x/y"));                           // "x/y/f"
}

TEST_F(store_test, RenameInboxMovesMessagesAndLeavesItEmpty) {
  auto inbox = make_box("INBOX");
  auto child = make_box("INBOX/keep");
  add(inbox, {"1\r\n", "2\r\n", "3\r\n"}, with(flag_seen, {"$Label1"}));
  ASSERT_TRUE(acct_->store_flags(inbox, {2}, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->expunge(inbox));
  const auto before = info(inbox);
  EXPECT_EQ(before.uidnext, 4u);

  ASSERT_TRUE(acct_->rename_mailbox("INBOX", "Old Mail"));
  auto after = info(inbox);
  EXPECT_EQ(after.name, "INBOX");
  EXPECT_EQ(after.uidvalidity, before.uidvalidity);
  EXPECT_EQ(after.uidnext, before.uidnext);  // never goes back
  EXPECT_GT(after.highestmodseq, before.highestmodseq);
  EXPECT_TRUE(live(inbox).empty());
  EXPECT_EQ(info(child).name, "INBOX/keep");  // children do not move

  auto old = acct_->mailbox("Old Mail");
  ASSERT_TRUE(old);
  EXPECT_NE(old->uidvalidity, before.uidvalidity);
  auto moved = live(old->id);
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0].fl, with(flag_seen, {"$Label1"}));
  // Sessions on INBOX hear of the moved messages as expunges.
  auto ch = acct_->changes_since(inbox, before.highestmodseq);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{1, 1}, {3, 3}}));

  // New mail in INBOX continues the UID sequence.
  EXPECT_EQ(add1(inbox, "4\r\n"), 4u);
  EXPECT_EQ(acct_->rename_mailbox("INBOX", "Old Mail").error(), errc::already_exists);
}

TEST_F(store_test, SubscriptionsAreNames) {
  ASSERT_TRUE(acct_->set_subscribed("Ghost", true));  // need not exist
  ASSERT_TRUE(acct_->set_subscribed("A", true));
  ASSERT_TRUE(acct_->set_subscribed("A", true));      // idempotent
  auto s = acct_->subscriptions();
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::string>{"A", "Ghost"}));
  ASSERT_TRUE(acct_->set_subscribed("Ghost", false));
  ASSERT_TRUE(acct_->set_subscribed("Never", false));
  s = acct_->subscriptions();
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::string>{"A"}));
}

TEST_F(store_test, ProvisionIsIdempotent) {
  ASSERT_TRUE(provision(*acct_));
  auto first = acct_->mailboxes();
  ASSERT_TRUE(first);
  ASSERT_TRUE(provision(*acct_));
  auto second = acct_->mailboxes();
  ASSERT_TRUE(second);
  EXPECT_EQ(names(*second), (std::vector<std::string>{"Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"}));
  for (std::size_t i = 0; i < second->size(); ++i) {
    EXPECT_EQ((*second)[i].id, (*first)[i].id);
    EXPECT_EQ((*second)[i].uidvalidity, (*first)[i].uidvalidity);
  }
  auto use = [&](const std::string& n) { return acct_->mailbox(n)->special_use; };
  EXPECT_EQ(use("INBOX"), "");
  EXPECT_EQ(use("Drafts"), "\\Drafts");
  EXPECT_EQ(use("Sent"), "\\Sent");
  EXPECT_EQ(use("Trash"), "\\Trash");
  EXPECT_EQ(use("Junk"), "\\Junk");
  EXPECT_EQ(use("Archive"), "\\Archive");
  auto subs = acct_->subscriptions();
  ASSERT_TRUE(subs);
  EXPECT_EQ(*subs, (std::vector<std::string>{"Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"}));
}

class few_mailboxes_store_test : public store_test {
  void customize(embedded_options& o) override { o.mailboxes_per_account = 3; }
};

TEST_F(few_mailboxes_store_test, MailboxLimit) {
  make_box("1");
  make_box("2");
  make_box("3");
  EXPECT_EQ(acct_->create_mailbox("4", "").error(), errc::limit);
  ASSERT_TRUE(acct_->delete_mailbox("1"));
  EXPECT_TRUE(acct_->create_mailbox("4", ""));
}

TEST_F(store_test, ListenerHearsEveryCommittedChange) {
  std::mutex mu;
  std::vector<change_event> seen;
  backend_->set_change_listener([&](const change_event& e) {
    std::lock_guard lk(mu);
    seen.push_back(e);
  });
  auto box = make_box("L");
  auto r = add(box, {"x\r\n"});
  ASSERT_EQ(r.size(), 1u);
  auto st = acct_->store_flags(box, {1}, flag_op::add, with(flag_seen));
  ASSERT_TRUE(st);
  // A STORE that changes nothing commits nothing worth telling.
  ASSERT_TRUE(acct_->store_flags(box, {1}, flag_op::add, with(flag_seen)));
  // A failed call tells nothing.
  EXPECT_FALSE(acct_->create_mailbox("L", ""));
  ASSERT_TRUE(acct_->delete_mailbox("L"));

  std::lock_guard lk(mu);
  ASSERT_EQ(seen.size(), 5u);
  for (const auto& e : seen) EXPECT_EQ(e.account_id, user_.account_id);
  EXPECT_EQ(seen[0].mailbox, 0);
  EXPECT_EQ(seen[1].mailbox, box);
  EXPECT_EQ(seen[1].highestmodseq, 2u);
  EXPECT_EQ(seen[2].mailbox, box);
  EXPECT_EQ(seen[2].highestmodseq, st->modseq);
  EXPECT_EQ(seen[3].mailbox, 0);
  EXPECT_EQ(seen[4].mailbox, box);
  EXPECT_EQ(seen[4].highestmodseq, 0u);
}

}  // namespace cairn::store::testing
