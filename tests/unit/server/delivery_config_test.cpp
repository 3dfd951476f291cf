// Configuration keys of issue 10 ([lmtp], [delivery], [quota], limits.lmtp_*):
// defaults, values, and one-line errors naming the key.
#include <gtest/gtest.h>

#include "server/config.hpp"
#include "server/lmtp_front.hpp"

using cairn::server::config;
using cairn::server::config_error;
using cairn::server::parse_config;

namespace {

std::string error_of(std::string_view toml) {
  try {
    parse_config(toml);
  } catch (const config_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(delivery_config, Defaults) {
  config c = parse_config("");
  EXPECT_TRUE(c.lmtp.listen.empty());
  EXPECT_EQ(c.lmtp.socket, "lmtp.sock");
  EXPECT_EQ(c.lmtp.socket_mode, 0660u);
  EXPECT_EQ(c.lmtp.socket_group, "");
  EXPECT_EQ(c.lmtp.hostname, "");
  EXPECT_TRUE(c.delivery.local_domains.empty());
  EXPECT_EQ(c.delivery.recipient_delimiter, "+");
  EXPECT_FALSE(c.delivery.detail_folders);
  EXPECT_FALSE(c.delivery.quota_temporary);
  EXPECT_EQ(c.delivery.loop_limit, 3u);
  EXPECT_EQ(c.quota.storage, 0u);
  EXPECT_EQ(c.quota.messages, 0u);
  EXPECT_TRUE(c.quota.administrators.empty());
  EXPECT_EQ(c.lim.lmtp_line, 4096u);
  EXPECT_EQ(c.lim.lmtp_recipients, 1000u);
  EXPECT_EQ(c.lim.lmtp_timeout, std::chrono::seconds(300));
  auto q = cairn::server::default_quota_of(c);
  EXPECT_FALSE(q.storage);
  EXPECT_FALSE(q.messages);
}

TEST(delivery_config, Values) {
  config c = parse_config(R"(
[lmtp]
listen = ["127.0.0.1:24", "[::1]:2424"]
socket = "/var/spool/postfix/private/cairn-lmtp"
socket_mode = 0o666
socket_group = "postfix"
hostname = "mx.example.org"
[delivery]
local_domains = ["Example.ORG", "example.net"]
recipient_delimiter = "+-"
detail_folders = true
quota_temporary = true
loop_limit = 0
[quota]
storage = "10G"
messages = 100000
administrators = ["Postmaster@Example.org"]
[limits]
lmtp_line = 1024
lmtp_recipients = 50
lmtp_timeout = 60
)");
  ASSERT_EQ(c.lmtp.listen.size(), 2u);
  EXPECT_EQ(c.lmtp.listen[0].port, 24);
  EXPECT_EQ(c.lmtp.listen[1].address, "::1");
  EXPECT_EQ(c.lmtp.socket, "/var/spool/postfix/private/cairn-lmtp");
  EXPECT_EQ(c.lmtp.socket_mode, 0666u);
  EXPECT_EQ(c.lmtp.socket_group, "postfix");
  EXPECT_EQ(c.lmtp.hostname, "mx.example.org");
  EXPECT_EQ(c.delivery.local_domains, (std::vector<std::string>{"example.org", "example.net"}));
  EXPECT_EQ(c.delivery.recipient_delimiter, "+-");
  EXPECT_TRUE(c.delivery.detail_folders);
  EXPECT_TRUE(c.delivery.quota_temporary);
  EXPECT_EQ(c.delivery.loop_limit, 0u);
  EXPECT_EQ(c.quota.storage, 10ULL << 30);
  EXPECT_EQ(c.quota.messages, 100000u);
  EXPECT_EQ(c.quota.administrators, (std::vector<std::string>{"postmaster@example.org"}));
  EXPECT_EQ(c.lim.lmtp_line, 1024u);
  EXPECT_EQ(c.lim.lmtp_recipients, 50u);
  EXPECT_EQ(c.lim.lmtp_timeout, std::chrono::seconds(60));
  auto q = cairn::server::default_quota_of(c);
  EXPECT_EQ(q.storage, 10ULL << 30);
  EXPECT_EQ(q.messages, 100000u);
  // The LMTP session and delivery settings follow.
  auto s = cairn::server::lmtp_config_of(c);
  EXPECT_EQ(s->hostname, "mx.example.org");
  EXPECT_TRUE(s->detail_folders);
  EXPECT_TRUE(s->quota_temporary);
  EXPECT_EQ(s->delivery.loop_limit, 0u);
  EXPECT_EQ(s->recipients.delimiters, "+-");
  EXPECT_EQ(s->lim.lmtp_recipients, 50u);
  EXPECT_EQ(parse_config("[lmtp]\nlisten = []\n").lmtp.listen.size(), 0u);
  EXPECT_EQ(parse_config("[lmtp]\nsocket = \"\"\n").lmtp.socket, "");
}

TEST(delivery_config, Sizes) {
  EXPECT_EQ(parse_config("[quota]\nstorage = 12345\n").quota.storage, 12345u);
  EXPECT_EQ(parse_config("[quota]\nstorage = \"512M\"\n").quota.storage, 512ULL << 20);
  EXPECT_EQ(parse_config("[quota]\nstorage = \"2gb\"\n").quota.storage, 2ULL << 30);
  EXPECT_EQ(parse_config("[quota]\nstorage = \"1Ti\"\n").quota.storage, 1ULL << 40);
  EXPECT_EQ(parse_config("[quota]\nstorage = \"unlimited\"\n").quota.storage, 0u);
  EXPECT_EQ(cairn::server::parse_size("100K", "x"), 100u * 1024);
  EXPECT_FALSE(cairn::server::parse_size("none", "x"));
  EXPECT_THROW(cairn::server::parse_size("10X", "x"), config_error);
  EXPECT_THROW(cairn::server::parse_size("", "x"), config_error);
  EXPECT_THROW(cairn::server::parse_size("9999999999999T", "x"), config_error);
}

TEST(delivery_config, ErrorsNameTheKey) {
  EXPECT_NE(error_of("[lmtp]\nlisten = \"nope\"\n").find("lmtp.listen"), std::string::npos);
  EXPECT_NE(error_of("[lmtp]\nsocket_mode = 4096\n").find("lmtp.socket_mode"), std::string::npos);
  EXPECT_NE(error_of("[lmtp]\nhostname = \"a b\"\n").find("lmtp.hostname"), std::string::npos);
  EXPECT_NE(error_of("[lmtp]\nbogus = 1\n").find("lmtp.bogus"), std::string::npos) << error_of("[lmtp]\nbogus = 1\n");
  EXPECT_NE(error_of("[delivery]\nlocal_domains = \"example.org\"\n").find("delivery.local_domains"),
            std::string::npos);
  EXPECT_NE(error_of("[delivery]\nrecipient_delimiter = \"@\"\n").find("delivery.recipient_delimiter"),
            std::string::npos);
  EXPECT_NE(error_of("[delivery]\ndetail_folders = 1\n").find("expected true or false"), std::string::npos);
  EXPECT_NE(error_of("[delivery]\nloop_limit = -1\n").find("delivery.loop_limit"), std::string::npos);
  EXPECT_NE(error_of("[quota]\nstorage = \"lots\"\n").find("quota.storage"), std::string::npos);
  EXPECT_NE(error_of("[quota]\nmessages = -5\n").find("quota.messages"), std::string::npos);
  EXPECT_NE(error_of("[quota]\nadministrators = \"root\"\n").find("quota.administrators"), std::string::npos);
  EXPECT_NE(error_of("[limits]\nlmtp_line = 100\n").find("limits.lmtp_line"), std::string::npos);
  EXPECT_NE(error_of("[limits]\nlmtp_timeout = 0\n").find("limits.lmtp_timeout"), std::string::npos);
}
