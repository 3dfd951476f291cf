// Recipient resolution and the delivery path (store/recipient.hpp,
// store/deliver.hpp).
#include <gtest/gtest.h>

#include "store/deliver.hpp"
#include "store/recipient.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {

class delivery_test : public store_test {
 protected:
  void SetUp() override {
    store_test::SetUp();
    ASSERT_TRUE(provision(*acct_));
    for (const char* n : {"bob@example.org", "carol", "dave@other.example"})
      ASSERT_TRUE(backend_->users().add_user(n, "$argon2id$fake"));
  }
  std::string who(std::string_view address, const recipient_options& opt = {}) {
    auto r = resolve_recipient(backend_->users(), address, opt);
    if (!r) return r.error() == errc::not_found ? "-" : "error";
    return r->user.name + (r->detail.empty() ? "" : "|" + r->detail);
  }
  std::string body(mailbox_id box, uid_t uid) {
    auto m = acct_->messages(box, uid_ranges{{uid, uid}});
    EXPECT_TRUE(m && m->size() == 1);
    if (!m || m->empty()) return {};
    auto b = acct_->read_blob((*m)[0].blob, 0, 1 << 20);
    return b ? *b : std::string();
  }
};

}  // namespace

TEST_F(delivery_test, RecipientResolution) {
  EXPECT_EQ(who("alice"), "alice");
  EXPECT_EQ(who("Alice@Example.ORG"), "alice");     // no local domains: every domain is local
  EXPECT_EQ(who("bob@example.org"), "bob@example.org");
  EXPECT_EQ(who("BOB@EXAMPLE.ORG"), "bob@example.org");
  EXPECT_EQ(who("bob@elsewhere.example"), "-");       // "bob" alone is no account
  EXPECT_EQ(who("bob+lists@example.org"), "bob@example.org|lists");
  EXPECT_EQ(who("alice+a+b@x.example"), "alice|a+b");
  EXPECT_EQ(who("carol+"), "carol");
  EXPECT_EQ(who("+carol"), "-");
  EXPECT_EQ(who("nobody@example.org"), "-");
  EXPECT_EQ(who(""), "error");
  EXPECT_EQ(who(std::string("a\nb")), "error");

  recipient_options local;
  local.local_domains = {"example.org"};
  EXPECT_EQ(who("alice@example.org", local), "alice");
  EXPECT_EQ(who("alice@EXAMPLE.org", local), "alice");
  EXPECT_EQ(who("alice@other.example", local), "-");           // not a local domain
  EXPECT_EQ(who("dave@other.example", local), "dave@other.example");  // a full account name always counts
  EXPECT_EQ(who("alice", local), "alice");                     // no domain: local

  recipient_options nodetail;
  nodetail.delimiters = "";
  EXPECT_EQ(who("bob+lists@example.org", nodetail), "-");
  recipient_options dash;
  dash.delimiters = "+-";
  EXPECT_EQ(who("carol-news", dash), "carol|news");
}

TEST_F(delivery_test, DeliversWithEnvelopeFields) {
  delivery_options opt;
  auto r = deliver(*acct_, "Subject: hi\n\nbody\n", {"sender@example.net", "alice@example.org", ""}, {}, opt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->mailbox, "INBOX");
  auto inbox = acct_->mailbox(std::string_view("INBOX"));
  ASSERT_TRUE(inbox);
  EXPECT_EQ(body(inbox->id, r->appended.uids[0]),
            "Return-Path: <sender@example.net>\r\nDelivered-To: alice@example.org\r\nSubject: hi\r\n\r\nbody\r\n");
  // The null sender and a Received field.
  r = deliver(*acct_, "Subject: x\r\n\r\n", {"", "alice", "from a by b; date"}, {}, opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(body(inbox->id, r->appended.uids[0]),
            "Return-Path: <>\r\nDelivered-To: alice\r\nReceived: from a by b; date\r\nSubject: x\r\n\r\n");
  // Envelope values cannot add header lines.
  EXPECT_EQ(delivery_header({"a\r\nX-Evil: 1", "b", ""}), "Return-Path: <aX-Evil: 1>\r\nDelivered-To: b\r\n");
}

TEST_F(delivery_test, FolderOrInbox) {
  delivery_options opt;
  auto r = deliver(*acct_, "Subject: x\r\n\r\n", {"", "alice+Sent", ""}, "Sent", opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mailbox, "Sent");
  r = deliver(*acct_, "Subject: x\r\n\r\n", {"", "alice+nope", ""}, "nope", opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mailbox, "INBOX");  // a missing folder never loses mail
  // An account without INBOX gets one.
  ASSERT_TRUE(acct_->delete_mailbox("Sent"));
  auto u = backend_->users().find_user("carol");
  ASSERT_TRUE(u);
  auto carol = backend_->open_account(u->account_id);
  ASSERT_TRUE(carol);
  r = deliver(**carol, "Subject: x\r\n\r\n", {"", "carol", ""}, {}, opt);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->mailbox, "INBOX");
}

TEST_F(delivery_test, LoopsAreRefused) {
  const std::string looped =
      "Delivered-To: alice@example.org\r\nReceived: x\r\nDelivered-To: <ALICE@example.org>\r\n"
      "Delivered-To: bob@example.org\r\nDelivered-To:\r\n alice@example.org\r\nSubject: x\r\n\r\n"
      "Delivered-To: alice@example.org\r\n";
  EXPECT_EQ(count_delivered_to(looped, "alice@example.org"), 3u);  // the body's line does not count
  EXPECT_EQ(count_delivered_to(looped, "bob@example.org"), 1u);
  EXPECT_EQ(count_delivered_to("Subject: x\n\n", "a"), 0u);
  delivery_options opt;  // loop_limit 3
  auto r = deliver(*acct_, looped, {"", "alice@example.org", ""}, {}, opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::cannot);
  EXPECT_TRUE(deliver(*acct_, looped, {"", "bob@example.org", ""}, {}, opt));
  opt.loop_limit = 0;
  EXPECT_TRUE(deliver(*acct_, looped, {"", "alice@example.org", ""}, {}, opt));
}

TEST_F(delivery_test, LimitsQuotaAndFaults) {
  delivery_options opt;
  opt.lim.message_size = 100;
  auto r = deliver(*acct_, std::string(101, 'x'), {"", "alice", ""}, {}, opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::too_large);
  ASSERT_TRUE(acct_->set_quota({{}, {quota_setting::kind::limit, 1}}));
  EXPECT_TRUE(deliver(*acct_, "Subject: 1\r\n\r\n", {"", "alice", ""}, {}, opt));
  r = deliver(*acct_, "Subject: 2\r\n\r\n", {"", "alice", ""}, {}, opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::over_quota);
  ASSERT_TRUE(acct_->set_quota({}));
  opt.fault = delivery_fault{"Alice", errc::disk_full};
  r = deliver(*acct_, "Subject: 3\r\n\r\n", {"", "alice", ""}, {}, opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::disk_full);
  EXPECT_TRUE(deliver(*acct_, "Subject: 3\r\n\r\n", {"", "alice+x", ""}, {}, opt));  // another recipient
}

}  // namespace cairn::store::testing
