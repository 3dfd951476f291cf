// Messages: append, read, STORE (with UNCHANGEDSINCE), EXPUNGE, purge,
// COPY/MOVE, changes_since, \Recent, counts, keywords and blobs.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/uid_ranges.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {
std::vector<uid_t> uids_of(const std::vector<message_meta>& v) {
  std::vector<uid_t> out;
  for (const auto& m : v) out.push_back(m.uid);
  return out;
}
}  // namespace

TEST_F(store_test, AppendAssignsUidsAndOneModseqPerCall) {
  auto box = make_box("INBOX");
  const auto before = info(box);
  EXPECT_EQ(before.highestmodseq, 1u);
  auto u = add(box, {"a\r\n", "b\r\n", "c\r\n"}, with(flag_seen | flag_flagged, {"Work"}));
  EXPECT_EQ(u, (std::vector<uid_t>{1, 2, 3}));
  auto m = info(box);
  EXPECT_EQ(m.uidnext, 4u);
  EXPECT_EQ(m.highestmodseq, 2u);
  auto msgs = live(box);
  ASSERT_EQ(msgs.size(), 3u);
  for (const auto& x : msgs) {
    EXPECT_EQ(x.modseq, 2u);
    EXPECT_EQ(x.fl, with(flag_seen | flag_flagged, {"Work"}));
    EXPECT_FALSE(x.expunged);
    EXPECT_EQ(x.size, 3u);
    EXPECT_GT(x.saved_date, 0);
  }
  EXPECT_EQ(add1(box, "d\r\n"), 4u);
  EXPECT_EQ(info(box).highestmodseq, 3u);
}

TEST_F(store_test, AppendDirectlyChecksItsInput) {
  auto box = make_box("INBOX");
  auto ref = acct_->put_blob("hello\r\n");
  ASSERT_TRUE(ref);
  std::vector<new_message> v{{*ref, {}, {}, "structure"}};
  auto r = acct_->append(box, v);
  ASSERT_TRUE(r);
  auto p = acct_->parsed(*ref);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, "structure");
  // Not a blob reference put_blob could have made.
  new_message evil;
  evil.blob = blob_ref{"../../etc/passwd", 5};
  std::vector<new_message> bad{evil};
  EXPECT_EQ(acct_->append(box, bad).error(), errc::internal);
  EXPECT_EQ(acct_->parsed({"zz", 1}).error(), errc::not_found);
  // An empty batch is fine and changes nothing.
  auto none = acct_->append(box, {});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->uids.empty());
  EXPECT_EQ(info(box).uidnext, 2u);
}

TEST_F(store_test, MessagesByRange) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n", "4\r\n", "5\r\n"});
  auto r = acct_->messages(box, uid_ranges{{4, 9}, {1, 2}});
  ASSERT_TRUE(r);
  EXPECT_EQ(uids_of(*r), (std::vector<uid_t>{1, 2, 4, 5}));
  r = acct_->messages(box, uid_ranges{});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
  r = acct_->messages(box, uid_ranges{{3, 4294967295u}});
  ASSERT_TRUE(r);
  EXPECT_EQ(uids_of(*r), (std::vector<uid_t>{3, 4, 5}));
}

TEST_F(store_test, StoreFlagsSetAddRemove) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n"}, with(flag_seen));
  auto r = acct_->store_flags(box, {1, 2}, flag_op::add, with(flag_flagged, {"$Important"}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->modseq, 3u);
  ASSERT_EQ(r->updated.size(), 2u);
  EXPECT_EQ(r->updated[0].fl, with(flag_seen | flag_flagged, {"$Important"}));
  EXPECT_EQ(r->updated[0].modseq, 3u);

  r = acct_->store_flags(box, {1, 2, 3}, flag_op::remove, with(flag_seen, {"$IMPORTANT"}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->modseq, 4u);
  EXPECT_EQ(r->updated.size(), 3u);
  auto msgs = live(box);
  EXPECT_EQ(msgs[0].fl, with(flag_flagged));
  EXPECT_EQ(msgs[2].fl, with(0));

  r = acct_->store_flags(box, {3}, flag_op::set, with(flag_answered | flag_draft, {"b", "A"}));
  ASSERT_TRUE(r);
  msgs = live(box);
  EXPECT_EQ(msgs[2].fl, with(flag_answered | flag_draft, {"A", "b"}));
  EXPECT_EQ(msgs[2].modseq, r->modseq);
}

TEST_F(store_test, StoreThatChangesNothingKeepsModseq) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n"}, with(flag_seen, {"k"}));
  auto r = acct_->store_flags(box, {1, 2}, flag_op::add, with(flag_seen, {"K"}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->modseq, 0u);
  EXPECT_TRUE(r->updated.empty());
  EXPECT_EQ(info(box).highestmodseq, 2u);
  // Only the message that changes gets the new MODSEQ.
  ASSERT_TRUE(acct_->store_flags(box, {1}, flag_op::add, with(flag_deleted)));
  r = acct_->store_flags(box, {1, 2}, flag_op::add, with(flag_deleted));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->updated.size(), 1u);
  EXPECT_EQ(r->updated[0].uid, 2u);
  auto msgs = live(box);
  EXPECT_EQ(msgs[0].modseq, 3u);
  EXPECT_EQ(msgs[1].modseq, 4u);
  // Unknown UIDs are ignored, not errors.
  r = acct_->store_flags(box, {77, 0}, flag_op::add, with(flag_seen));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->updated.empty() && r->expunged.empty() && r->modified.empty());
}

TEST_F(store_test, UnchangedSince) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n"});  // all at modseq 2
  ASSERT_TRUE(acct_->store_flags(box, {2}, flag_op::add, with(flag_seen)));  // 2 -> modseq 3
  // RFC 7162 section 3.1.3: messages with MODSEQ above the value fail.
  auto r = acct_->store_flags(box, {1, 2, 3}, flag_op::add, with(flag_flagged), modseq_t{2});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->modified, (std::vector<uid_t>{2}));
  EXPECT_EQ(uids_of(r->updated), (std::vector<uid_t>{1, 3}));
  EXPECT_EQ(r->modseq, 4u);
  EXPECT_EQ(live(box)[1].fl, with(flag_seen));  // left alone
  // UNCHANGEDSINCE 0 fails every message.
  r = acct_->store_flags(box, {1, 2, 3}, flag_op::add, with(flag_draft), modseq_t{0});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->modified, (std::vector<uid_t>{1, 2, 3}));
  EXPECT_TRUE(r->updated.empty());
  // A message whose flags would not change is not reported and keeps its
  // MODSEQ, even with UNCHANGEDSINCE.
  r = acct_->store_flags(box, {1}, flag_op::add, with(flag_flagged), modseq_t{4});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->updated.empty());
  EXPECT_TRUE(r->modified.empty());
  EXPECT_EQ(live(box)[0].modseq, 4u);
}

TEST_F(store_test, StoreOnExpungedMessagesReportsThem) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n"}, with(flag_deleted));
  ASSERT_TRUE(acct_->expunge(box, uid_ranges{{1, 1}}));
  auto r = acct_->store_flags(box, {1, 2}, flag_op::add, with(flag_seen));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->expunged, (std::vector<uid_t>{1}));
  EXPECT_EQ(uids_of(r->updated), (std::vector<uid_t>{2}));
}

TEST_F(store_test, ExpungeOnlyDeletedAndStillReadable) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n", "4\r\n"});
  ASSERT_TRUE(acct_->store_flags(box, {1, 3, 4}, flag_op::add, with(flag_deleted)));
  // UID EXPUNGE 3:4 leaves 1 alone.
  auto e = acct_->expunge(box, uid_ranges{{3, 4}});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->uids, (std::vector<uid_t>{3, 4}));
  EXPECT_EQ(info(box).highestmodseq, e->modseq);
  e = acct_->expunge(box);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->uids, (std::vector<uid_t>{1}));
  e = acct_->expunge(box);  // nothing left: no new MODSEQ
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->uids.empty());
  EXPECT_EQ(e->modseq, 0u);

  EXPECT_EQ(live_uids(box), (std::vector<uid_t>{2}));
  auto any = acct_->messages_any(box, {{1, 10}});
  ASSERT_TRUE(any);
  ASSERT_EQ(any->size(), 4u);
  EXPECT_TRUE((*any)[0].expunged);
  EXPECT_FALSE((*any)[1].expunged);
  EXPECT_TRUE((*any)[2].expunged);
  auto bytes = acct_->read_blob((*any)[0].blob, 0, 100);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, "1\r\n");
  EXPECT_EQ(acct_->expunge(999).error(), errc::not_found);
}

TEST_F(store_test, FlagsOfListsUidsAndFlagsOnly) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n"}, with(flag_seen, {"Work"}));
  add(box, {"2\r\n"}, with(flag_deleted));
  add(box, {"3\r\n", "4\r\n"});
  ASSERT_TRUE(acct_->expunge(box, uid_ranges{{2, 2}}));
  auto live_only = acct_->flags_of(box, std::nullopt, false);
  ASSERT_TRUE(live_only);
  std::vector<uid_t> uids;
  for (const auto& m : *live_only) uids.push_back(m.uid);
  EXPECT_EQ(uids, (std::vector<uid_t>{1, 3, 4}));
  EXPECT_EQ((*live_only)[0].fl.system, flag_seen);
  EXPECT_EQ((*live_only)[0].fl.keywords, (std::vector<std::string>{"Work"}));
  EXPECT_FALSE((*live_only)[0].expunged);
  // With `any`, the expunged-but-not-purged one too, marked; ranges apply.
  auto any = acct_->flags_of(box, uid_ranges{{2, 3}}, true);
  ASSERT_TRUE(any);
  ASSERT_EQ(any->size(), 2u);
  EXPECT_EQ((*any)[0].uid, 2u);
  EXPECT_TRUE((*any)[0].expunged);
  EXPECT_EQ((*any)[0].fl.system, flag_deleted);
  EXPECT_EQ((*any)[1].uid, 3u);
  EXPECT_FALSE((*any)[1].expunged);
  // The same as the full listing says.
  auto metas = acct_->messages_any(box, {{1, 4}});
  auto all = acct_->flags_of(box, uid_ranges{{1, 4}}, true);
  ASSERT_TRUE(metas && all);
  ASSERT_EQ(metas->size(), all->size());
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*metas)[i].uid, (*all)[i].uid);
    EXPECT_EQ((*metas)[i].fl.system, (*all)[i].fl.system);
    EXPECT_EQ((*metas)[i].fl.keywords, (*all)[i].fl.keywords);
    EXPECT_EQ((*metas)[i].expunged, (*all)[i].expunged);
  }
  EXPECT_EQ(acct_->flags_of(999, std::nullopt, false).error(), errc::not_found);
}

TEST_F(store_test, PurgeDropsRowsAndBlobsButRemembersExpunges) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n"}, with(flag_deleted));
  auto metas = live(box);
  auto e1 = acct_->expunge(box, uid_ranges{{1, 1}});
  auto e2 = acct_->expunge(box, uid_ranges{{2, 2}});
  ASSERT_TRUE(e1 && e2);
  // Purge up to the first expunge only.
  ASSERT_TRUE(acct_->purge(box, e1->modseq));
  EXPECT_FALSE(blob_file_exists(metas[0].blob.hash));
  EXPECT_TRUE(blob_file_exists(metas[1].blob.hash));
  auto any = acct_->messages_any(box, {{1, 3}});
  ASSERT_TRUE(any);
  EXPECT_EQ(uids_of(*any), (std::vector<uid_t>{2, 3}));
  ASSERT_TRUE(acct_->purge(box, e2->modseq));
  EXPECT_FALSE(blob_file_exists(metas[1].blob.hash));
  EXPECT_TRUE(blob_file_exists(metas[2].blob.hash));
  // Purged expunges still count for QRESYNC.
  auto ch = acct_->changes_since(box, 2);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{1, 2}}));
  ch = acct_->changes_since(box, e1->modseq);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{2, 2}}));
  EXPECT_EQ(acct_->purge(999, 10).error(), errc::not_found);
}

TEST_F(store_test, RefcountsFollowCopiesAndDuplicates) {
  auto a = make_box("A");
  auto b = make_box("B");
  add(a, {"same\r\n"}, with(flag_deleted));
  add(a, {"same\r\n"}, with(flag_deleted));  // identical bytes: one blob
  auto ma = live(a);
  ASSERT_EQ(ma.size(), 2u);
  EXPECT_EQ(ma[0].blob, ma[1].blob);
  const auto hash = ma[0].blob.hash;
  auto c = acct_->copy(a, {1}, b, false);
  ASSERT_TRUE(c);

  auto e = acct_->expunge(a);
  ASSERT_TRUE(e);
  ASSERT_TRUE(acct_->purge(a, e->modseq));
  EXPECT_TRUE(blob_file_exists(hash));  // B still uses it
  auto mb = live(b);
  ASSERT_EQ(mb.size(), 1u);
  auto bytes = acct_->read_blob(mb[0].blob, 0, 100);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, "same\r\n");

  ASSERT_TRUE(acct_->store_flags(b, {1}, flag_op::add, with(flag_deleted)));
  e = acct_->expunge(b);
  ASSERT_TRUE(e);
  EXPECT_TRUE(blob_file_exists(hash));  // expunged, not yet purged: readable
  ASSERT_TRUE(acct_->purge(b, e->modseq));
  EXPECT_FALSE(blob_file_exists(hash));
  // The same bytes can come back.
  auto again = add1(a, "same\r\n");
  EXPECT_EQ(again, 3u);
  EXPECT_TRUE(blob_file_exists(hash));
}

TEST_F(store_test, CopyKeepsOrderFlagsAndDates) {
  auto src = make_box("S");
  auto dst = make_box("D");
  add1(dst, "existing\r\n");
  add(src, {"1\r\n", "2\r\n", "3\r\n", "4\r\n"}, with(flag_seen, {"Src"}));
  ASSERT_TRUE(acct_->store_flags(src, {2}, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->expunge(src, uid_ranges{{2, 2}}));
  const auto src_before = info(src);

  // An expunged message in the set: nothing is copied (RFC 2180 section
  // 4.4.1).
  EXPECT_EQ(acct_->copy(src, {4, 1, 2, 3}, dst, false).error(), errc::expunged);
  EXPECT_EQ(acct_->copy(src, {2}, dst, true).error(), errc::expunged);
  EXPECT_EQ(live_uids(dst), (std::vector<uid_t>{1}));
  EXPECT_EQ(live_uids(src), (std::vector<uid_t>{1, 3, 4}));

  auto r = acct_->copy(src, {4, 1, 3, 99}, dst, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->uidvalidity, info(dst).uidvalidity);
  EXPECT_EQ(r->source_uids, (std::vector<uid_t>{1, 3, 4}));  // 99 unknown
  EXPECT_EQ(r->dest_uids, (std::vector<uid_t>{2, 3, 4}));
  EXPECT_EQ(r->source_modseq, 0u);
  EXPECT_EQ(info(src).highestmodseq, src_before.highestmodseq);  // COPY leaves the source alone
  auto d = live(dst);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[1].fl, with(flag_seen, {"Src"}));
  EXPECT_EQ(d[1].internal_date, (zoned_time{1700000000, 60}));
  EXPECT_EQ(*acct_->read_blob(d[3].blob, 0, 10), "4\r\n");
  EXPECT_EQ(d[1].modseq, info(dst).highestmodseq);
  auto kw = acct_->keywords(dst);
  ASSERT_TRUE(kw);
  EXPECT_EQ(*kw, (std::vector<std::string>{"Src"}));

  EXPECT_EQ(acct_->copy(src, {1}, 999, false).error(), errc::try_create);
  EXPECT_EQ(acct_->copy(999, {1}, dst, false).error(), errc::not_found);
  auto none = acct_->copy(src, {99}, dst, false);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->dest_uids.empty());
}

TEST_F(store_test, MoveExpungesTheSourceInTheSameCall) {
  auto src = make_box("S");
  auto dst = make_box("D");
  add(src, {"1\r\n", "2\r\n", "3\r\n"});
  const auto before = info(src);
  auto r = acct_->copy(src, {1, 3}, dst, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dest_uids, (std::vector<uid_t>{1, 2}));
  EXPECT_EQ(r->source_modseq, before.highestmodseq + 1);
  EXPECT_EQ(info(src).highestmodseq, r->source_modseq);
  EXPECT_EQ(live_uids(src), (std::vector<uid_t>{2}));
  auto ch = acct_->changes_since(src, before.highestmodseq);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{1, 1}, {3, 3}}));
  EXPECT_TRUE(ch->changed.empty());
  // The moved messages remain readable in the source until purged.
  auto any = acct_->messages_any(src, {{1, 1}});
  ASSERT_TRUE(any);
  ASSERT_EQ(any->size(), 1u);
  EXPECT_TRUE((*any)[0].expunged);

  // MOVE within one mailbox: new UIDs, one new MODSEQ.
  auto self = acct_->copy(dst, {1}, dst, true);
  ASSERT_TRUE(self);
  EXPECT_EQ(self->dest_uids, (std::vector<uid_t>{3}));
  EXPECT_EQ(live_uids(dst), (std::vector<uid_t>{2, 3}));
  EXPECT_EQ(info(dst).highestmodseq, self->source_modseq);
}

class few_keywords_store_test : public store_test {
  void customize(embedded_options& o) override { o.keywords_per_mailbox = 3; }
};

TEST_F(few_keywords_store_test, KeywordLimitPerMailbox) {
  auto box = make_box("INBOX");
  add1(box, "1\r\n", with(0, {"one", "two"}));
  EXPECT_EQ(add1(box, "2\r\n", with(0, {"ONE", "three"})), 2u);  // "ONE" is "one"
  auto kw = acct_->keywords(box);
  ASSERT_TRUE(kw);
  EXPECT_EQ(*kw, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(live(box)[1].fl.keywords, (std::vector<std::string>{"one", "three"}));  // mailbox spelling

  std::string body = "3\r\n";
  std::vector<incoming_message> in{{body, with(0, {"four"}), {}}};
  EXPECT_EQ(ingest(*acct_, box, in).error(), errc::limit);
  EXPECT_EQ(acct_->store_flags(box, {1}, flag_op::add, with(0, {"four"})).error(), errc::limit);
  EXPECT_EQ(acct_->store_flags(box, {1}, flag_op::set, with(0, {"Four"})).error(), errc::limit);
  // Removing an unknown keyword is not adding one.
  EXPECT_TRUE(acct_->store_flags(box, {1}, flag_op::remove, with(0, {"four"})));
  EXPECT_TRUE(acct_->store_flags(box, {1}, flag_op::add, with(0, {"THREE"})));

  // COPY counts against the destination's keywords.
  auto other = make_box("Other");
  add1(other, "x\r\n", with(0, {"a", "b"}));
  EXPECT_EQ(acct_->copy(box, {1}, other, false).error(), errc::limit);
  EXPECT_EQ(live(other).size(), 1u);
}

TEST_F(store_test, ChangesSince) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n", "4\r\n"});  // modseq 2
  ASSERT_TRUE(acct_->store_flags(box, {3}, flag_op::add, with(flag_seen)));  // 3
  ASSERT_TRUE(acct_->store_flags(box, {1}, flag_op::add, with(flag_deleted)));  // 4
  ASSERT_TRUE(acct_->expunge(box));  // 5: uid 1
  add1(box, "5\r\n");  // 6
  ASSERT_TRUE(acct_->store_flags(box, {5}, flag_op::add, with(0, {"kw"})));  // 7

  auto ch = acct_->changes_since(box, 2);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->mailbox.highestmodseq, 7u);
  EXPECT_EQ(uids_of(ch->changed), (std::vector<uid_t>{3, 5}));
  EXPECT_EQ(ch->changed[1].fl.keywords, (std::vector<std::string>{"kw"}));
  EXPECT_EQ(ch->expunged, (uid_ranges{{1, 1}}));

  ch = acct_->changes_since(box, 5);
  ASSERT_TRUE(ch);
  EXPECT_EQ(uids_of(ch->changed), (std::vector<uid_t>{5}));
  EXPECT_TRUE(ch->expunged.empty());

  ch = acct_->changes_since(box, 7);
  ASSERT_TRUE(ch);
  EXPECT_TRUE(ch->changed.empty());
  EXPECT_TRUE(ch->expunged.empty());

  ch = acct_->changes_since(box, 0);
  ASSERT_TRUE(ch);
  EXPECT_EQ(uids_of(ch->changed), (std::vector<uid_t>{2, 3, 4, 5}));
  EXPECT_EQ(acct_->changes_since(999, 0).error(), errc::not_found);
}

TEST_F(store_test, ManyExpungesAreCompactedButNeverLost) {
  auto box = make_box("INBOX");
  std::vector<std::string> bodies;
  for (int i = 0; i < 1300; ++i) bodies.push_back(std::to_string(i) + "\r\n");
  add(box, bodies, with(flag_deleted));
  // Expunge the odd UIDs in one call, then the even ones: each call
  // leaves 650 single-UID records, 1300 in all, past the compaction mark.
  uid_ranges odd, even;
  for (uid_t u = 1; u <= 1300; u += 2) {
    odd.push_back({u, u});
    even.push_back({u + 1, u + 1});
  }
  auto e1 = acct_->expunge(box, odd);
  ASSERT_TRUE(e1);
  EXPECT_EQ(e1->uids.size(), 650u);
  auto e2 = acct_->expunge(box, even);
  ASSERT_TRUE(e2);
  const modseq_t mid = e1->modseq, last = e2->modseq;
  ASSERT_TRUE(acct_->purge(box, last));
  auto ch = acct_->changes_since(box, 0);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{1, 1300}}));
  // Asked from the middle, a client hears of at least every later expunge.
  ch = acct_->changes_since(box, mid);
  ASSERT_TRUE(ch);
  for (uid_t u = 2; u <= 1300; u += 2) ASSERT_TRUE(contains(ch->expunged, u)) << u;
  ch = acct_->changes_since(box, last);
  ASSERT_TRUE(ch);
  EXPECT_TRUE(ch->expunged.empty());
}

TEST_F(store_test, ClaimRecentIsOncePerMessage) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n"});
  auto c = acct_->counts(box);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->recent, 2u);
  auto first = acct_->claim_recent(box);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 1u);  // this session sees 1 and 2 as \Recent
  auto second = acct_->claim_recent(box);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, 3u);  // nothing for the next one
  EXPECT_EQ(acct_->counts(box)->recent, 0u);
  add1(box, "3\r\n");
  EXPECT_EQ(acct_->counts(box)->recent, 1u);
  EXPECT_EQ(*acct_->claim_recent(box), 3u);
  EXPECT_EQ(acct_->claim_recent(999).error(), errc::not_found);
}

TEST_F(store_test, Counts) {
  auto box = make_box("INBOX");
  add(box, {"12\r\n", "123\r\n"}, with(flag_seen));
  add(box, {"1234\r\n"}, with(flag_deleted));
  add(box, {"x\r\n"}, with(flag_deleted));
  ASSERT_TRUE(acct_->expunge(box, uid_ranges{{4, 4}}));
  auto c = acct_->counts(box);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->messages, 3u);
  EXPECT_EQ(c->unseen, 1u);
  EXPECT_EQ(c->deleted, 1u);
  EXPECT_EQ(c->size, 4u + 5u + 6u);
  EXPECT_EQ(c->deleted_size, 6u);
}

TEST_F(store_test, UidsAreNeverReusedAcrossReopen) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n"}, with(flag_deleted));
  auto e = acct_->expunge(box);
  ASSERT_TRUE(e);
  ASSERT_TRUE(acct_->purge(box, e->modseq));
  const auto uv = info(box).uidvalidity;
  reopen();
  open_account();
  EXPECT_EQ(info(box).uidvalidity, uv);
  EXPECT_EQ(add1(box, "4\r\n"), 4u);
  EXPECT_GT(info(box).highestmodseq, e->modseq);
}

TEST_F(store_test, BlobsAreContentAddressedAndPrivate) {
  auto r1 = acct_->put_blob("abc");
  auto r2 = acct_->put_blob("abc");
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(*r1, *r2);
  EXPECT_EQ(r1->hash, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(r1->size, 3u);
  EXPECT_EQ(*acct_->read_blob(*r1, 1, 10), "bc");
  EXPECT_EQ(*acct_->read_blob(*r1, 0, 2), "ab");
  EXPECT_EQ(*acct_->read_blob(*r1, 3, 10), "");
  EXPECT_EQ(*acct_->read_blob(*r1, 1000, 10), "");
  EXPECT_EQ(acct_->read_blob({"../../../users.db", 1}, 0, 10).error(), errc::not_found);
  EXPECT_EQ(acct_->read_blob({std::string(64, 'A'), 1}, 0, 10).error(), errc::not_found);
  EXPECT_EQ(acct_->read_blob({std::string(64, '0'), 1}, 0, 10).error(), errc::corrupted);
  auto empty = acct_->put_blob("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*acct_->read_blob(*empty, 0, 10), "");

  struct stat st {};
  ASSERT_EQ(::stat((account_dir() / "blobs" / "ba" / r1->hash.substr(2)).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((account_dir() / "blobs").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((account_dir() / "blobs" / "ba").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((account_dir() / "mail.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No temporary files are left behind.
  for (const auto& e : fs::recursive_directory_iterator(account_dir() / "blobs"))
    EXPECT_EQ(e.path().filename().string().rfind("tmp.", 0), std::string::npos) << e.path();
}

TEST_F(store_test, LargeMailboxLoadsInOneQuery) {
  // Not a benchmark: shows the SELECT path works at a realistic size.
  auto box = make_box("Big");
  std::vector<new_message> batch;
  auto ref = acct_->put_blob("x\r\n");
  ASSERT_TRUE(ref);
  for (int i = 0; i < 20000; ++i) batch.push_back({*ref, with(i % 3 ? flag_seen : 0), {}, ""});
  auto r = acct_->append(box, batch);
  ASSERT_TRUE(r);
  auto msgs = live(box);
  ASSERT_EQ(msgs.size(), 20000u);
  EXPECT_EQ(msgs.back().uid, 20000u);
  EXPECT_EQ(acct_->counts(box)->unseen, 6667u);
}

}  // namespace cairn::store::testing

namespace cairn::store::testing {

// Expunge memory with a time limit (limits.expunge_history_days): expunges
// older than the memory are forgotten at a purge; a client whose MODSEQ
// predates a forgotten one hears of every UID that is not live (RFC 7162
// section 3.2.6), one that knew them hears of exactly what came after.
class expunge_memory_test : public store_test {
  void customize(embedded_options& o) override { o.expunge_history = std::chrono::seconds(2); }
};

TEST_F(expunge_memory_test, ForgottenExpungesAreReportedAsEverythingNotLive) {
  auto box = make_box("INBOX");
  auto other = make_box("Other");
  add(box, {"1\r\n", "2\r\n", "3\r\n", "4\r\n", "5\r\n", "6\r\n"});
  add(other, {"x\r\n", "y\r\n"});
  const modseq_t start = info(box).highestmodseq;
  ASSERT_TRUE(acct_->store_flags(box, {2, 3}, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->store_flags(other, {1}, flag_op::add, with(flag_deleted)));
  auto first = acct_->expunge(box, uid_ranges{{2, 2}});
  ASSERT_TRUE(first);
  ASSERT_TRUE(acct_->expunge(other));
  const modseq_t other_before = info(other).highestmodseq - 1;

  // Remembered: exactly what was expunged.
  ASSERT_TRUE(acct_->purge(box, info(box).highestmodseq));
  auto ch = acct_->changes_since(box, start);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{2, 2}}));

  ::usleep(3100 * 1000);
  // A later expunge, within the memory.
  auto second = acct_->expunge(box, uid_ranges{{3, 3}});
  ASSERT_TRUE(second);
  ASSERT_TRUE(acct_->purge(box, info(box).highestmodseq));

  // Older than what is remembered: every UID below UIDNEXT that is not live.
  ch = acct_->changes_since(box, start);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{2, 3}}));
  add1(box, "7\r\n");
  ASSERT_TRUE(acct_->store_flags(box, {5}, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->expunge(box, uid_ranges{{5, 5}}));
  ch = acct_->changes_since(box, start);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{2, 3}, {5, 5}}));
  // A client that knew the forgotten expunge hears of exactly what followed.
  ch = acct_->changes_since(box, first->modseq);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{3, 3}, {5, 5}}));
  // Other mailboxes keep their own memory until their own purge.
  ch = acct_->changes_since(other, other_before);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{1, 1}}));
  ASSERT_TRUE(acct_->purge(other, info(other).highestmodseq));
  ch = acct_->changes_since(other, other_before);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{1, 1}}));  // "not live" is the same set here
  ch = acct_->changes_since(other, info(other).highestmodseq);
  ASSERT_TRUE(ch);
  EXPECT_TRUE(ch->expunged.empty());
  // Deleting a mailbox drops its memory with it (re-created: nothing old).
  ASSERT_TRUE(acct_->delete_mailbox("Other"));
  auto again = make_box("Other");
  ch = acct_->changes_since(again, 1);
  ASSERT_TRUE(ch);
  EXPECT_TRUE(ch->expunged.empty());
}

TEST_F(store_test, ExpungesAreRememberedForeverByDefault) {
  auto box = make_box("INBOX");
  add(box, {"1\r\n", "2\r\n", "3\r\n"});
  const modseq_t start = info(box).highestmodseq;
  ASSERT_TRUE(acct_->store_flags(box, {2}, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->expunge(box));
  ASSERT_TRUE(acct_->purge(box, info(box).highestmodseq));
  auto ch = acct_->changes_since(box, start);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->expunged, (uid_ranges{{2, 2}}));
}

}  // namespace cairn::store::testing
