// mbox and Maildir formats, import and export (store/mbox.hpp,
// store/maildir.hpp, store/migrate.hpp).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <fstream>
#include <map>

#include "store/maildir.hpp"
#include "store/mbox.hpp"
#include "store/migrate.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {

std::vector<mbox_message> split(std::string_view data, mbox_escaping esc = mbox_escaping::mboxrd,
                                std::size_t max = 1 << 20) {
  std::vector<mbox_message> out;
  bool ok = split_mbox(data, esc, max, [&](mbox_message&& m) {
    out.push_back(std::move(m));
    return true;
  });
  EXPECT_TRUE(ok);
  return out;
}

// "Ünïcödé" (what Dovecot stores as .&ANw-n&AO8-c&APY-d&AOk-).
const std::string unicode_name = "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9";

void write(const fs::path& p, std::string_view data) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << data;
}

}  // namespace

TEST(store_mbox, SplitsAndUnescapes) {
  const std::string mbox =
      "From alice@example.org Thu Nov 26 10:00:00 2026\n"
      "Subject: one\n"
      "Status: RO\n"
      "X-Status: AF\n"
      "X-Keywords: $Label1, Work\n"
      "\n"
      ">From the start\n"
      ">>From two\n"
      "From: a header-like body line stays\n"
      "\n"
      "From bob Thu Nov 26 11:00:00 2026 +0200\n"
      "Subject: two\n"
      "X-UID: 7\n"
      "\n"
      "body\n"
      "\n";
  auto m = split(mbox);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].data, "Subject: one\n\nFrom the start\n>From two\nFrom: a header-like body line stays\n");
  EXPECT_EQ(m[0].fl.system, flag_seen | flag_answered | flag_flagged);
  EXPECT_EQ(m[0].fl.keywords, (std::vector<std::string>{"$Label1", "Work"}));
  EXPECT_EQ(m[0].envelope, "alice@example.org Thu Nov 26 10:00:00 2026");
  EXPECT_EQ(m[1].data, "Subject: two\n\nbody\n");
  ASSERT_TRUE(m[1].date);
  EXPECT_EQ(m[1].date->offset_minutes, 120);
  EXPECT_EQ(m[1].date->unix_seconds, 1795683600);  // 2026-11-26 09:00 UTC
  auto o = split(mbox, mbox_escaping::mboxo);
  EXPECT_EQ(o[0].data, "Subject: one\n\nFrom the start\n>>From two\nFrom: a header-like body line stays\n");
}

TEST(store_mbox, ContentLengthAndOddities) {
  // mboxcl2: an unescaped "From " line inside, found by Content-Length.
  const std::string body = "line\nFrom inside\n";
  const std::string cl = "From x Thu Nov 26 10:00:00 2026\nContent-Length: " + std::to_string(body.size()) +
                         "\nSubject: c\n\n" + body + "\nFrom y Thu Nov 26 10:00:00 2026\nSubject: d\n\nz\n";
  auto m = split(cl);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].data, "Subject: c\n\n" + body);
  EXPECT_EQ(m[1].data, "Subject: d\n\nz\n");
  // A Content-Length that does not fit is ignored.
  auto w = split("From x Mon Jan  1 00:00:00 2024\nContent-Length: 3\n\nabcdef\n\n");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].data, "\nabcdef\n");
  // Nor one that points into the middle of a line, even at "From ".
  auto mid = split("From x Mon Jan  1 00:00:00 2024\nContent-Length: 2\n\nabFrom y\n\n");
  ASSERT_EQ(mid.size(), 1u);
  EXPECT_EQ(mid[0].data, "\nabFrom y\n");
  // A field name is what comes before the colon, in any case; a line that
  // starts with CR names no field.
  auto names = split("From x Mon Jan  1 00:00:00 2024\nX-KEYWORDS : Done\n\rStatus: RO\n\nb\n");
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].data, "\rStatus: RO\n\nb\n");
  EXPECT_EQ(names[0].fl, (flags{0, {"Done"}}));
  // Leading blank lines, CRLF files, a header-only message, empty files.
  auto c = split("\r\n\r\nFrom x Mon Jan  1 00:00:00 2024\r\nSubject: a\r\n\r\nb\r\n\r\nFrom y Mon Jan  1 00:00:00 2024\r\nSubject: h\r\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].data, "Subject: a\r\n\r\nb\r\n");
  EXPECT_EQ(c[1].data, "Subject: h\r\n");
  EXPECT_TRUE(split("").empty());
  bool called = false;
  EXPECT_FALSE(split_mbox("Subject: not an mbox\n", mbox_escaping::mboxrd, 100, [&](mbox_message&&) {
    called = true;
    return true;
  }));
  EXPECT_FALSE(called);
  auto big = split("From x Mon Jan  1 00:00:00 2024\n\n" + std::string(500, 'x') + "\n", mbox_escaping::mboxrd, 100);
  ASSERT_EQ(big.size(), 1u);
  EXPECT_TRUE(big[0].too_large);
}

TEST(store_mbox, FromLineDates) {
  auto d = parse_from_line_date("MAILER-DAEMON Fri Jan  5 01:02:03 2024 +0100");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds, 1704412923);  // 2024-01-05 00:02:03 UTC
  EXPECT_EQ(d->offset_minutes, 60);
  d = parse_from_line_date("a@b Fri Jan 05 01:02:03 -0500 2024");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds, 1704434523);
  d = parse_from_line_date("a@b Fri Jan 5 01:02 GMT 2024");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds, 1704416520);
  EXPECT_TRUE(parse_from_line_date("x Fri Jan 5 01:02:03 2024"));  // local time
  EXPECT_FALSE(parse_from_line_date("x"));
  EXPECT_FALSE(parse_from_line_date("x Fri Foo 5 01:02:03 2024"));
  EXPECT_FALSE(parse_from_line_date("x Fri Jan 5 25:02:03 2024"));
}

// What append_mbox_message writes, split_mbox reads back to the same
// message, flags and date.
TEST(store_mbox, WriteThenReadGivesTheSame) {
  const std::vector<std::string> messages = {
      "Return-Path: <s@example.org>\r\nSubject: a\r\n\r\nFrom here\r\n>From there\r\n>>From x\r\n",
      "Subject: b\r\n\r\nbody without final newline",
      "Subject: header only\r\n",
      "Subject: c\r\n\r\n\r\n\r\ntrailing blank lines\r\n\r\n",
      "Subject: d\r\n\r\nbare\rcr\r\n",
  };
  flags fl{flag_seen | flag_deleted | flag_draft, {"$Label1", "work"}};
  std::string out;
  for (std::size_t i = 0; i < messages.size(); ++i)
    append_mbox_message(out, messages[i], i == 0 ? fl : flags{}, zoned_time{1700000000 + static_cast<int>(i), -330});
  auto m = split(out);
  ASSERT_EQ(m.size(), messages.size()) << out;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::string crlf;
    for (std::size_t k = 0; k < m[i].data.size(); ++k) {
      if (m[i].data[k] == '\n' && (k == 0 || m[i].data[k - 1] != '\r')) crlf += '\r';
      crlf += m[i].data[k];
    }
    std::string want = messages[i];
    if (want.back() != '\n') want += "\r\n";  // mbox cannot keep a missing final line end
    EXPECT_EQ(crlf, want) << i;
    ASSERT_TRUE(m[i].date);
    EXPECT_EQ(*m[i].date, (zoned_time{1700000000 + static_cast<int>(i), -330}));
  }
  EXPECT_EQ(m[0].fl, fl);
  EXPECT_EQ(m[1].fl, flags{});
  EXPECT_EQ(m[0].envelope.substr(0, 14), "s@example.org ");
  EXPECT_EQ(m[1].envelope.substr(0, 14), "MAILER-DAEMON ");
}

TEST(store_maildir, Flags) {
  maildir_keywords kw = parse_dovecot_keywords("0 $Label1\n1 Important\n3 later\nx bad\n27 high\n");
  ASSERT_EQ(kw.size(), 4u);
  EXPECT_EQ(kw[2], "");
  auto fl = maildir_flags("1700000000.M1P2.host,S=10,W=12:2,DFPRSTabdz", kw);
  EXPECT_EQ(fl.system, flag_draft | flag_flagged | flag_answered | flag_seen | flag_deleted);
  EXPECT_EQ(fl.keywords, (std::vector<std::string>{"$Forwarded", "$Label1", "Important", "later"}));
  EXPECT_EQ(maildir_flags("1700000000.M1P2.host", kw), flags{});
  EXPECT_EQ(maildir_flags("x:1,S", kw), flags{});
  maildir_keywords out;
  unsigned dropped = 0;
  EXPECT_EQ(maildir_info(fl, out, &dropped), ":2,DFPRSTabc");
  EXPECT_EQ(out, (maildir_keywords{"$Label1", "Important", "later"}));
  maildir_keywords full(26, "k");
  for (int i = 0; i < 26; ++i) full[static_cast<std::size_t>(i)].append(std::to_string(i));
  EXPECT_EQ(maildir_info(flags{0, {"k3", "new"}}, full, &dropped), ":2,d");
  EXPECT_EQ(dropped, 1u);
  EXPECT_EQ(format_dovecot_keywords({"a", "", "c"}), "0 a\n2 c\n");
}

TEST(store_maildir, FolderNames) {
  EXPECT_EQ(maildirpp_folder_to_mailbox(".Work.Projects"), "Work/Projects");
  EXPECT_EQ(maildirpp_folder_to_mailbox(".INBOX.child"), "INBOX/child");
  EXPECT_EQ(maildirpp_folder_to_mailbox(".&ANw-n&AO8-c&APY-d&AOk-"), unicode_name);
  EXPECT_EQ(maildirpp_folder_to_mailbox(".v1%2E2.100%25"), "v1.2/100%");
  EXPECT_FALSE(maildirpp_folder_to_mailbox("cur"));
  EXPECT_FALSE(maildirpp_folder_to_mailbox(".."));
  EXPECT_FALSE(maildirpp_folder_to_mailbox(".a..b"));
  EXPECT_FALSE(maildirpp_folder_to_mailbox(".\xff"));
  EXPECT_EQ(mailbox_to_maildirpp_folder("Work/Projects"), ".Work.Projects");
  EXPECT_EQ(mailbox_to_maildirpp_folder("v1.2/100%"), ".v1%2E2.100%25");
  EXPECT_EQ(mailbox_to_maildirpp_folder(unicode_name), ".&ANw-n&AO8-c&APY-d&AOk-");
  EXPECT_FALSE(mailbox_to_maildirpp_folder("INBOX"));
  for (std::string name : {"a", "A b/c.d/&amp", "Entw\xc3\xbcrfe/2024.1", "x%y/%2E"})
    EXPECT_EQ(maildirpp_folder_to_mailbox(*mailbox_to_maildirpp_folder(name)), name) << name;
}

TEST(store_maildir, Subscriptions) {
  // Dovecot 2.3 writes version 2 (what `doveadm mailbox subscribe` made).
  std::string v2 = "V\t2\n\nWork\tProjects\n&ANw-n&AO8-c&APY-d&AOk-\nINBOX\tchild\n";
  EXPECT_EQ(parse_subscriptions(v2), (std::vector<std::string>{"Work/Projects", unicode_name,
                                                               "INBOX/child"}));
  EXPECT_EQ(parse_subscriptions("Work.Projects\nINBOX\n"), (std::vector<std::string>{"Work/Projects", "INBOX"}));
  EXPECT_EQ(parse_subscriptions("INBOX.Work.Projects\nINBOX\n", '.', true),
            (std::vector<std::string>{"Work/Projects", "INBOX"}));
  EXPECT_EQ(parse_subscriptions(format_subscriptions({"a/b", "INBOX", "\xc3\xa9t\xc3\xa9"})),
            (std::vector<std::string>{"a/b", "INBOX", "\xc3\xa9t\xc3\xa9"}));
}

// A Maildir++ tree as Dovecot lays it out, imported; then exported in both
// formats and imported into a fresh account: the same account each time.
TEST_F(store_test, ImportExportRoundTrip) {
  ASSERT_TRUE(provision(*acct_));
  const fs::path tree = root_ / "Maildir";
  write(tree / "cur" / "1700000001.M1P1.host,S=20:2,S", "Subject: one\n\nhello\n");
  write(tree / "new" / "1700000002.M2P1.host", "Subject: two\n\nnew mail\n");
  write(tree / "cur" / "1700000003.M3P1.host:2,FRab", "Subject: three\n\nflagged\n");
  write(tree / "dovecot-keywords", "0 $Label1\n1 Important\n");
  write(tree / ".Work.Projects" / "cur" / "1700000004.M4P1.host:2,T", "Subject: four\n\n>From x\nFrom y\n");
  write(tree / ".Work.Projects" / "maildirfolder", "");
  write(tree / ".&ANw-n&AO8-c&APY-d&AOk-" / "cur" / "1700000005.M5P1.host:2,", "Subject: \xc3\xbc\n\n8bit \xc3\xbc\n");
  fs::create_directories(tree / ".Empty" / "cur");
  write(tree / ".Work.Projects" / "cur" / "1700000006.M6P1.host:2,S", "");  // empty: skipped
  write(tree / "subscriptions", "V\t2\n\nWork\tProjects\n&ANw-n&AO8-c&APY-d&AOk-\n");
  write(tree / "dovecot-uidlist", "3 V1 N1\n");
  // Dovecot reads a Maildir message's INTERNALDATE from its file's time.
  for (auto& e : fs::recursive_directory_iterator(tree)) {
    std::string dir = e.path().parent_path().filename().string();
    if (!e.is_regular_file() || (dir != "cur" && dir != "new")) continue;
    long t = 1700000000 + (e.path().filename().string()[9] - '0');
    ::utimbuf times{t, t};
    ::utime(e.path().c_str(), &times);
  }
  import_options opt;
  auto rep = import_mail(*acct_, tree, opt);
  ASSERT_TRUE(rep) << rep.error().message();
  EXPECT_EQ(rep->imported, 5u);
  EXPECT_EQ(rep->skipped.size(), 1u);
  EXPECT_EQ(rep->subscriptions, 2u);

  // A second run adds nothing (idempotent by content).
  auto again = import_mail(*acct_, tree, opt);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->imported, 0u);
  EXPECT_EQ(again->already_present, 5u);

  // Snapshot: mailbox -> [(body, flags, date)], and subscriptions.
  using snap_t = std::map<std::string, std::vector<std::tuple<std::string, flags, std::int64_t>>>;
  auto snapshot = [](account& a) {
    snap_t s;
    auto boxes = a.mailboxes();
    EXPECT_TRUE(boxes);
    for (const auto& b : *boxes) {
      auto& list = s[b.name];
      auto msgs = a.messages(b.id);
      for (const auto& m : *msgs) {
        auto bytes = a.read_blob(m.blob, 0, 1 << 20);
        list.emplace_back(*bytes, m.fl, m.internal_date.unix_seconds);
      }
    }
    return s;
  };
  const snap_t before = snapshot(*acct_);
  ASSERT_EQ(before.at("INBOX").size(), 3u);
  EXPECT_EQ(std::get<0>(before.at("INBOX")[0]), "Subject: one\r\n\r\nhello\r\n");
  EXPECT_EQ(std::get<1>(before.at("INBOX")[0]), flags{flag_seen});
  EXPECT_EQ(std::get<1>(before.at("INBOX")[2]), (flags{flag_flagged | flag_answered, {"$Label1", "Important"}}));
  EXPECT_EQ(std::get<2>(before.at("INBOX")[2]), 1700000003);
  ASSERT_EQ(before.at("Work/Projects").size(), 1u);
  EXPECT_EQ(std::get<0>(before.at("Work/Projects")[0]), "Subject: four\r\n\r\n>From x\r\nFrom y\r\n");
  EXPECT_EQ(before.count("Work"), 1u);
  EXPECT_EQ(before.count("Empty"), 1u);
  EXPECT_EQ(before.count(unicode_name), 1u);
  auto subs_before = acct_->subscriptions();
  ASSERT_TRUE(subs_before);

  for (auto format : {export_format::maildir, export_format::mbox}) {
    const fs::path out = root_ / (format == export_format::maildir ? "export-maildir" : "export-mbox");
    auto ex = export_mail(*acct_, out, format);
    ASSERT_TRUE(ex) << ex.error().message();
    EXPECT_EQ(ex->messages, 5u);
    EXPECT_FALSE(export_mail(*acct_, out, format));  // not an empty folder

    const std::string name = format == export_format::maildir ? "copy1" : "copy2";
    auto u = backend_->users().add_user(name, "$argon2id$fake");
    ASSERT_TRUE(u);
    auto other = backend_->open_account(u->account_id);
    ASSERT_TRUE(other);
    ASSERT_TRUE(provision(**other));
    auto back = import_mail(**other, out, opt);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(back->imported, 5u);
    EXPECT_TRUE(back->skipped.empty()) << back->skipped[0].where << ": " << back->skipped[0].why;
    EXPECT_EQ(snapshot(**other), before) << name;
    auto subs_after = (*other)->subscriptions();
    ASSERT_TRUE(subs_after);
    EXPECT_EQ(*subs_after, *subs_before);
  }
}

// Maildir keeps the stored bytes, so even what mbox cannot hold comes back:
// a bare CR before a line end, no final line end, NUL.
TEST_F(store_test, MaildirExportKeepsEveryByte) {
  auto box = make_box("INBOX");
  const std::string odd("Subject: odd\r\n\r\nbare cr\r\r\nnul \0 here\r\nno final line end", 55);
  add1(box, odd, with(flag_seen, {"$Junk"}));
  const fs::path out = root_ / "exact";
  auto ex = export_mail(*acct_, out, export_format::maildir);
  ASSERT_TRUE(ex) << ex.error().message();
  auto u = backend_->users().add_user("copy", "$argon2id$fake");
  ASSERT_TRUE(u);
  auto other = backend_->open_account(u->account_id);
  ASSERT_TRUE(other);
  auto rep = import_mail(**other, out, import_options{});
  ASSERT_TRUE(rep) << rep.error().message();
  EXPECT_EQ(rep->imported, 1u);
  auto inbox = (*other)->mailbox(std::string_view("INBOX"));
  ASSERT_TRUE(inbox);
  auto msgs = (*other)->messages(inbox->id);
  ASSERT_TRUE(msgs);
  ASSERT_EQ(msgs->size(), 1u);
  auto bytes = (*other)->read_blob((*msgs)[0].blob, 0, 1 << 20);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, odd);
  EXPECT_EQ((*msgs)[0].fl, with(flag_seen, {"$Junk"}));
}

TEST_F(store_test, ImportReportsAndStops) {
  auto inbox = make_box("INBOX");
  (void)inbox;
  const fs::path mbox = root_ / "inbox.mbox";
  const std::string data = "From a Mon Jan  1 00:00:00 2024\nSubject: 1\n\nx\n\nFrom b Mon Jan  1 00:00:00 2024\nSubject: 2\n\n" +
                           std::string(2000, 'y') + "\n";
  write(mbox, data);
  import_options opt;
  opt.lim.message_size = 1000;
  auto rep = import_mail(*acct_, mbox, opt);
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->imported, 1u);
  ASSERT_EQ(rep->skipped.size(), 1u);
  EXPECT_NE(rep->skipped[0].where.find("at byte " + std::to_string(data.find("From b"))), std::string::npos)
      << rep->skipped[0].where;
  // Not an mbox; missing path.
  write(root_ / "notmbox", "hello\n");
  EXPECT_EQ(import_mail(*acct_, root_ / "notmbox", opt).error(), errc::parse_error);
  EXPECT_EQ(import_mail(*acct_, root_ / "missing", opt).error(), errc::not_found);
  // Over quota stops the import with what was done so far.
  ASSERT_TRUE(acct_->set_quota({{}, {quota_setting::kind::limit, 1}}));
  write(root_ / "more.mbox", "From a Mon Jan  1 00:00:00 2024\nSubject: 3\n\nz\n");
  import_report partial;
  opt.folder = "Other";
  auto over = import_mail(*acct_, root_ / "more.mbox", opt, &partial);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(), errc::over_quota);
  EXPECT_EQ(partial.mailboxes_created, 1u);
}

}  // namespace cairn::store::testing
